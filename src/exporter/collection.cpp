#include "exporter/collection.h"

#include <algorithm>
#include <thread>
#include <unordered_set>
#include <utility>

#include "collect/listeners.h"
#include "collect/owners.h"
#include "diagnose/diagnose.h"
#include "procfs/netns_data.h"

namespace sockscope::exporter {
namespace {

using Clock = std::chrono::steady_clock;

bool HasError(const model::Snapshot& snap, std::string_view source) {
  for (const auto& n : snap.notes)
    if (n.level == model::NoteLevel::kError && n.source == source) return true;
  return false;
}

// Times one collector and publishes it as the current one while it runs.
template <typename Fn>
void Timed(Progress& progress, CollectorId id, CollectorRun& run, Fn fn) {
  progress.current.store(static_cast<int>(id));
  auto start = Clock::now();
  run.ok = fn();
  run.duration = Clock::now() - start;
  run.ran = true;
}

}  // namespace

std::string_view CollectorName(CollectorId id) {
  switch (id) {
    case CollectorId::kSockDiag:
      return "sock_diag";
    case CollectorId::kOwners:
      return "owners";
    case CollectorId::kProc:
      return "proc";
    case CollectorId::kDiagnose:
      return "diagnose";
  }
  return "unknown";
}

SnapshotCollector::SnapshotCollector(collect::Environment env,
                                     const collect::CollectOptions& options)
    : env_(env), options_(options) {
  // The collectors below are run one by one (to time and blame each), so
  // the pipeline's own owner, counter and listener steps are off.
  options_.tcp = true;
  options_.udp = true;
  options_.memory = true;  // listener drops (sk_drops)
  options_.owners = false;
  options_.counters = false;
  options_.listeners = false;
}

bool SnapshotCollector::OwnersCached(const std::unordered_set<uint64_t>& wanted,
                                     std::chrono::steady_clock::time_point now) const {
  if (!owner_cache_valid_ || now - owner_cache_at_ > kOwnerCacheMaxAge) return false;
  return std::all_of(wanted.begin(), wanted.end(),
                     [&](uint64_t inode) { return owner_cache_inodes_.count(inode) != 0; });
}

Collection SnapshotCollector::Run(Progress& progress) {
  Collection c;
  auto snap = std::make_shared<model::Snapshot>();
  auto& runs = c.runs;

  Timed(progress, CollectorId::kSockDiag, runs[0], [&] {
    *snap = collect::Collect(env_, options_);
    // A /proc fallback keeps the listener series, but sock_diag itself
    // failed (and the accept queue maximum is unknown): not a success.
    if (options_.source == collect::SourceChoice::kProc) return snap->source == "proc";
    return snap->source == "netlink";
  });

  Timed(progress, CollectorId::kOwners, runs[1], [&] {
    collect::OwnerWalkOptions w;
    w.workers = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
    std::unordered_set<uint64_t> wanted;
    for (const auto& s : snap->sockets)
      if (s.IsListener() && s.inode) wanted.insert(s.inode);
    const auto now = std::chrono::steady_clock::now();
    if (!OwnersCached(wanted, now)) {
      w.wanted_inodes = &wanted;
      w.expected_sockets = wanted.size();
      w.deadline = base::Deadline::After(options_.timeout);
      auto index = collect::BuildOwnerIndex(*env_.proc, w);
      if (!index) {
        owner_cache_valid_ = false;
        snap->notes.push_back({model::NoteLevel::kError, "owners", index.error().message});
        return false;
      }
      owner_cache_ = std::move(*index);
      owner_cache_inodes_ = std::move(wanted);
      owner_cache_at_ = now;
      owner_cache_valid_ = true;
    }
    snap->owners = owner_cache_;
    snap->owners_collected = true;
    return true;
  });
  snap->listeners = collect::DeriveListeners(*snap);

  Timed(progress, CollectorId::kProc, runs[2], [&] {
    auto read = procfs::ReadNetnsData(*env_.proc);
    if (auto ino = procfs::ReadNetnsInode(*env_.proc)) read.data.inode = *ino;
    bool ok = read.data.counters_ok;
    for (auto& n : read.notes) snap->notes.push_back(std::move(n));
    snap->namespaces.push_back(std::move(read.data));
    return ok && !HasError(*snap, "counters");
  });

  Timed(progress, CollectorId::kDiagnose, runs[3], [&] {
    diagnose::DiagnoseInput input{previous_.get(), *snap, std::chrono::nanoseconds(0)};
    c.findings = diagnose::Diagnose(input);
    return true;
  });
  progress.current.store(-1);

  c.snapshot = snap;
  previous_ = snap;
  c.finished_at = std::chrono::system_clock::now();
  return c;
}

}  // namespace sockscope::exporter
