#include "collect/owner_step.h"

#include <algorithm>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "collect/kernel_owners.h"
#include "collect/owners.h"

namespace sockscope::collect {

unsigned OwnerWalkWorkers() { return std::clamp(std::thread::hardware_concurrency(), 1u, 4u); }

const OwnerCache::Entry* OwnerCache::Lookup(const std::unordered_set<uint64_t>& wanted,
                                            std::chrono::steady_clock::time_point now) const {
  if (!valid_ || now - at_ > max_age_) return nullptr;
  for (uint64_t inode : wanted)
    if (!inodes_.count(inode)) return nullptr;
  return &entry_;
}

void OwnerCache::Store(Entry entry, std::unordered_set<uint64_t> wanted,
                       std::chrono::steady_clock::time_point now) {
  entry_ = std::move(entry);
  inodes_ = std::move(wanted);
  at_ = now;
  valid_ = true;
}

namespace {

// The details (state, epoll watches) of the processes holding a wanted
// listening socket, the only ones a rule reads: the kernel's list gave
// their epoll fds, /proc gives the rest (stat, one fdinfo per epoll fd).
// A part that cannot be read, or the deadline passing, leaves it unknown.
void AddListenerOwnerDetails(procfs::ProcFs& proc, const model::Snapshot& snap,
                             const std::unordered_set<uint64_t>& wanted, const EpollFds& epoll_fds,
                             const base::Deadline& deadline, model::OwnerIndex& index) {
  std::vector<int32_t> pids;
  for (const auto& s : snap.sockets) {
    if (!s.IsListener() || !s.inode || !wanted.count(s.inode)) continue;
    for (const auto& o : index.Find(s.inode)) pids.push_back(o.pid);
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  static const std::vector<int32_t> kNone;
  for (int32_t pid : pids) {
    if (deadline.Expired()) return;
    auto fds = epoll_fds.find(pid);
    auto detail = ReadProcessDetail(proc, pid, fds == epoll_fds.end() ? kNone : fds->second);
    if (detail) index.details.emplace(pid, std::move(*detail));
  }
}

}  // namespace

namespace {

// What reading the owners gave: where they came from, and whether the
// read failed as a whole (its failed source and note are recorded then).
struct OwnerRead {
  std::string via = "proc";
  bool failed = false;
};

// Fills snap.owners with the owners of `wanted` (null: every socket's; no
// cache and no details then) and records a failure's source and note.
OwnerRead ReadOwners(procfs::ProcFs& proc, sys::SocketFdSource* socket_fds,
                     const CollectOptions& options, const base::Deadline& deadline,
                     OwnerCache* cache, const std::unordered_set<uint64_t>* wanted,
                     model::Snapshot& snap) {
  const std::string source(model::source_name::kOwners);
  const auto now = std::chrono::steady_clock::now();
  const OwnerCache::Entry* cached = cache && wanted ? cache->Lookup(*wanted, now) : nullptr;
  OwnerRead read;
  std::string& via = read.via;
  auto fail = [&](const std::string& why) {
    if (cache) cache->Clear();
    snap.owners = model::OwnerIndex{};
    snap.owners.failed = true;  // every owner unknown, never "none"
    snap.notes.push_back({model::NoteLevel::kError, source, why});
    snap.sources.push_back({source, 0, model::SourceStatus::kFailed, via, why});
    read.failed = true;
    return read;
  };
  const bool details = options.owner_details && wanted;
  bool from_kernel = false;
  if (!cached && options.owner_method != OwnerMethod::kProc) {
    if (!socket_fds) {
      if (options.owner_method == OwnerMethod::kBpf) {
        via = "bpf";
        return fail(
            "--owners bpf: the kernel's list of socket fds cannot serve this run (a recording, "
            "a replay or --proc-root reads owners from /proc)");
      }
    } else {
      EpollFds epoll_fds;
      auto index = BuildOwnerIndexFromKernel(*socket_fds, wanted, wanted ? wanted->size() : 0,
                                             deadline, details ? &epoll_fds : nullptr);
      if (index) {
        snap.owners = std::move(*index);
        via = std::string(socket_fds->Via());
        from_kernel = true;
        // Stored before the details, which every use reads afresh.
        if (cache && wanted && snap.owners.Complete() && snap.owners.names_unreadable == 0)
          cache->Store({snap.owners, via, true, details ? epoll_fds : EpollFds{}}, *wanted, now);
        if (details) AddListenerOwnerDetails(proc, snap, *wanted, epoll_fds, deadline, snap.owners);
      } else if (options.owner_method == OwnerMethod::kBpf ||
                 index.error().kind == base::ErrorKind::kTimeout) {
        via = std::string(socket_fds->Via());
        return fail(index.error().message);
      } else {
        snap.notes.push_back({model::NoteLevel::kInfo, source,
                              index.error().message + ": owners read from /proc instead"});
      }
    }
  }
  if (cached) {
    snap.owners = cached->index;
    via = cached->via;
    if (cached->from_kernel && details)
      AddListenerOwnerDetails(proc, snap, *wanted, cached->epoll_fds, deadline, snap.owners);
  } else if (!from_kernel) {
    OwnerWalkOptions w;
    w.workers = OwnerWalkWorkers();
    w.expected_sockets = wanted ? wanted->size() : 0;
    w.wanted_inodes = wanted;
    w.deadline = deadline;
    auto index = BuildOwnerIndex(proc, w);
    if (!index) return fail(index.error().message);
    snap.owners = std::move(*index);
    // Only a complete walk may serve later collections.
    if (cache && wanted && snap.owners.Complete() && snap.owners.names_unreadable == 0)
      cache->Store({snap.owners, via, false, {}}, *wanted, now);
  }
  snap.owners_collected = true;
  return read;
}

}  // namespace

void RecordOwnersSource(const std::string& via, const UnknownOwners& unknown_by_netns,
                        model::Snapshot& snap) {
  const std::string source(model::source_name::kOwners);
  const auto& o = snap.owners;
  if (o.names_unreadable > 0) {
    std::string why = fmt::format("names of {} process(es) could not be read ({})",
                                  o.names_unreadable, o.first_unreadable_error);
    snap.notes.push_back({model::NoteLevel::kError, source, why});
    snap.sources.push_back({source, 0, model::SourceStatus::kFailed, via, why});
    return;
  }
  if (unknown_by_netns.empty()) {
    snap.sources.push_back({source, 0, model::SourceStatus::kOk, via, ""});
    return;
  }
  std::string reason;
  if (o.processes_hidden > 0)
    reason += fmt::format(
        "fd tables of {} process(es) could not be read (need CAP_SYS_PTRACE and "
        "CAP_DAC_READ_SEARCH, or run as root)",
        o.processes_hidden);
  if (o.processes_unreadable > 0)
    reason += fmt::format("{}fd tables of {} process(es) could not be read ({})",
                          o.processes_hidden > 0 ? "; " : "", o.processes_unreadable,
                          o.first_unreadable_error);
  for (const auto& [netns, unknown] : unknown_by_netns) {
    std::string why = fmt::format("owners of {} socket(s) unknown: {}", unknown, reason);
    snap.notes.push_back(
        {model::NoteLevel::kError, source, fmt::format("namespace {}: {}", netns, why)});
    snap.sources.push_back({source, netns, model::SourceStatus::kFailed, via, why});
  }
}

std::optional<std::string> ReadEveryOwner(procfs::ProcFs& proc, sys::SocketFdSource* socket_fds,
                                          const CollectOptions& options,
                                          const base::Deadline& deadline, model::Snapshot& snap) {
  OwnerRead read = ReadOwners(proc, socket_fds, options, deadline, nullptr, nullptr, snap);
  if (read.failed) return std::nullopt;
  return read.via;
}

void CollectOwners(procfs::ProcFs& proc, sys::SocketFdSource* socket_fds,
                   const CollectOptions& options, const base::Deadline& deadline, OwnerCache* cache,
                   model::Snapshot& snap) {
  std::unordered_set<uint64_t> wanted;
  wanted.reserve(options.owner_scope == OwnerScope::kListeners ? 64 : snap.sockets.size());
  for (const auto& s : snap.sockets)
    if (s.inode && (options.owner_scope == OwnerScope::kAllSockets || s.IsListener()))
      wanted.insert(s.inode);
  OwnerRead read = ReadOwners(proc, socket_fds, options, deadline, cache, &wanted, snap);
  if (read.failed) return;
  // Unreadable fd tables matter only for sockets nobody was seen holding:
  // those may belong to a process we could not read.
  // Counted per namespace, so the failed source names where the sockets
  // with unknown owners are.
  UnknownOwners unknown_by_netns;
  if (!snap.owners.Complete())
    for (const auto& s : snap.sockets)
      if (s.inode && wanted.count(s.inode) && snap.owners.Find(s.inode).empty())
        ++unknown_by_netns[s.netns];
  RecordOwnersSource(read.via, unknown_by_netns, snap);
}

}  // namespace sockscope::collect
