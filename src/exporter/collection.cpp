#include "exporter/collection.h"

#include <utility>

#include "diagnose/diagnose.h"

namespace sockscope::exporter {
namespace {

using Clock = std::chrono::steady_clock;

static_assert(
    static_cast<int>(collect::Step::kSockets) == static_cast<int>(CollectorId::kSockDiag) &&
        static_cast<int>(collect::Step::kOwners) == static_cast<int>(CollectorId::kOwners) &&
        static_cast<int>(collect::Step::kCounters) == static_cast<int>(CollectorId::kProc),
    "Progress::current holds a collect::Step while the pipeline runs");

bool Mine(const model::SourceState& s, CollectorId id) {
  const bool owners = s.source == model::source_name::kOwners;
  const bool counters = s.source == model::source_name::kCounters;
  return id == CollectorId::kOwners     ? owners
         : id == CollectorId::kProc     ? counters
         : id == CollectorId::kSockDiag ? !owners && !counters
                                        : false;
}

// A collector succeeded when every source it stands for was read as asked:
// a /proc fallback keeps the listener series, but sock_diag itself failed
// (and the accept-queue maximum is unknown), so it is not a success.
bool SourcesOk(const model::Snapshot& snap, CollectorId id, collect::SourceChoice choice) {
  bool any = false;
  for (const auto& s : snap.sources) {
    if (!Mine(s, id)) continue;
    any = true;
    if (s.status == model::SourceStatus::kFailed) return false;
    if (id == CollectorId::kSockDiag && s.status == model::SourceStatus::kFellBack &&
        choice != collect::SourceChoice::kProc)
      return false;
  }
  return any;
}

}  // namespace

std::string FailureReason(const Collection& c, CollectorId id) {
  if (!c.snapshot) return "no snapshot";
  std::string out;
  for (const auto& s : c.snapshot->sources) {
    if (!Mine(s, id) || s.status == model::SourceStatus::kOk) continue;
    if (!out.empty()) out += "; ";
    out += s.source;
    if (s.netns != 0) out += " netns " + std::to_string(s.netns);
    out += ": " + (s.reason.empty() ? std::string(model::SourceStatusName(s.status)) : s.reason);
  }
  return out.empty() ? "no source" : out;
}

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

void SocketStoragePool::Give(std::vector<model::Socket>&& sockets) {
  sockets.clear();  // outside the lock: frees what the sockets hold
  std::lock_guard<std::mutex> lock(mutex_);
  // One is enough: a collection fills one vector.
  if (sockets.capacity() > spare_.capacity()) std::swap(spare_, sockets);
}

std::vector<model::Socket> SocketStoragePool::Take() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(spare_, {});
}

SnapshotCollector::SnapshotCollector(const collect::Environment& env,
                                     const collect::CollectOptions& options)
    : env_(env), options_(options) {
  options_.selection.tcp = true;
  options_.selection.udp = true;
  options_.memory = true;  // listener drops (sk_drops) and UDP sockets' (udp-receive-drops)
  options_.tcp_connection_memory = false;
  options_.owners = true;
  options_.owner_scope = collect::OwnerScope::kListeners;
  options_.counters = true;
  options_.listeners = true;
  options_.tcp_one_walk = true;  // one walk of the kernel's socket hash, not two
  options_.deadline.reset();     // each collection starts its own budget
}

Collection SnapshotCollector::Run(Progress& progress) {
  Collection c;
  std::array<std::chrono::nanoseconds, collect::kStepCount> step_time{};
  collect::CollectPolicy policy;
  policy.owner_cache = &owner_cache_;
  policy.current_step = &progress.current;  // Step and CollectorId share their numbers
  policy.step_time = &step_time;
  std::vector<model::Socket> storage = storage_pool_->Take();
  policy.socket_storage = &storage;
  // The last holder of the snapshot hands its socket vector to the pool.
  std::shared_ptr<model::Snapshot> snap(
      new model::Snapshot(collect::Collect(env_, options_, policy)),
      [pool = storage_pool_](model::Snapshot* s) {
        pool->Give(std::move(s->sockets));
        delete s;
      });

  const std::pair<collect::Step, CollectorId> steps[] = {
      {collect::Step::kSockets, CollectorId::kSockDiag},
      {collect::Step::kOwners, CollectorId::kOwners},
      {collect::Step::kCounters, CollectorId::kProc}};
  for (auto [step, id] : steps) {
    auto& run = c.runs[static_cast<int>(id)];
    run.ran = true;
    run.duration = step_time[static_cast<int>(step)];
    run.ok = SourcesOk(*snap, id, options_.source);
  }

  progress.current.store(static_cast<int>(CollectorId::kDiagnose));
  auto start = Clock::now();
  diagnose::DiagnoseInput input{previous_.get(), *snap, std::chrono::nanoseconds(0)};
  c.findings = diagnose::Diagnose(input);
  auto& diag = c.runs[static_cast<int>(CollectorId::kDiagnose)];
  diag.ran = true;
  diag.ok = true;
  diag.duration = Clock::now() - start;
  progress.current.store(-1);

  c.snapshot = snap;
  previous_ = snap;
  c.finished_at = std::chrono::system_clock::now();
  return c;
}

}  // namespace sockscope::exporter
