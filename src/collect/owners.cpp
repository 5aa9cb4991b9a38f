#include "collect/owners.h"
#include "procfs/pid_parsers.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace sockscope::collect {
namespace {

using base::ErrorKind;

// One socket fd found by a worker; comm is an index into the worker's list so
// the hot loop does not copy strings.
struct Found {
  uint64_t inode;
  int32_t pid;
  int32_t fd;
  uint32_t comm_index;
};

struct WorkerResult {
  std::vector<Found> found;
  std::vector<std::string> comms;
  std::vector<std::pair<int32_t, model::ProcessDetail>> details;
  uint32_t scanned = 0, hidden = 0, vanished = 0, unreadable = 0, names_unreadable = 0;
  std::string first_unreadable_error;
  bool timed_out = false;
};

bool IsGone(const base::Error& e) { return e.kind == ErrorKind::kNotFound; }
bool IsDenied(const base::Error& e) { return e.kind == ErrorKind::kPermission; }

// Sorts a failure: the process left (ENOENT/ESRCH), its fds are not ours to
// read (EACCES/EPERM), or anything else (EMFILE, ENFILE, EIO, ...), which
// leaves its sockets' owners unknown and is never mistaken for an exit.
void CountFailure(const base::Error& e, WorkerResult& out) {
  if (IsGone(e)) {
    ++out.vanished;
  } else if (IsDenied(e)) {
    ++out.hidden;
  } else {
    if (out.unreadable++ == 0) out.first_unreadable_error = e.message;
  }
}

// State and epoll watch list of a process holding a wanted socket: a read
// that fails leaves that part unknown (never a reason to drop the owner).
model::ProcessDetail ReadDetail(procfs::PidDir& dir, const std::vector<int32_t>& epoll_fds) {
  model::ProcessDetail d;
  if (auto stat = dir.ReadStat())
    if (auto state = procfs::ParseStatState(*stat)) d.state = *state;
  d.epoll_known = !epoll_fds.empty();
  for (int32_t fd : epoll_fds) {
    auto info = dir.ReadFdInfo(fd);
    if (!info) {
      d.epoll_known = false;
      continue;
    }
    auto watched = procfs::ParseEpollWatches(*info);
    d.epoll_watches.insert(d.epoll_watches.end(), watched.begin(), watched.end());
  }
  std::sort(d.epoll_watches.begin(), d.epoll_watches.end());
  d.epoll_watches.erase(std::unique(d.epoll_watches.begin(), d.epoll_watches.end()),
                        d.epoll_watches.end());
  return d;
}

void WalkProcess(procfs::ProcFs& proc, int32_t pid, const OwnerWalkOptions& options,
                 WorkerResult& out) {
  auto dir = proc.OpenPid(pid);
  if (!dir) return CountFailure(dir.error(), out);
  auto fds = (*dir)->ListFds();
  if (!fds) return CountFailure(fds.error(), out);
  ++out.scanned;
  const size_t first = out.found.size();
  // "socket:[18446744073709551615]" is 29 bytes; anything longer is not a socket.
  char buf[64];
  std::optional<base::Error> unreadable;
  std::vector<int32_t> epoll_fds;  // read only if the process holds a wanted socket
  size_t done = 0;
  for (int32_t fd : *fds) {
    // A process may hold 100k fds and a loaded /proc answers slowly: the
    // deadline is looked at inside a process too, not only between them.
    if ((++done & 255) == 0 && options.deadline && options.deadline->Expired()) {
      out.timed_out = true;
      return;
    }
    auto target = (*dir)->ReadFdLink(fd, std::span<char>(buf, sizeof buf));
    if (!target) {
      // An fd closed since the listing is normal churn; any other failure
      // means this process may hold a socket we did not see.
      if (!IsGone(target.error()) && !unreadable) unreadable = target.error();
      continue;
    }
    auto inode = ParseSocketLink(*target);
    if (!inode) {
      if (*target == "anon_inode:[eventpoll]") epoll_fds.push_back(fd);
      continue;
    }
    if (options.wanted_inodes && !options.wanted_inodes->contains(*inode)) continue;
    out.found.push_back(Found{*inode, pid, fd, 0});
  }
  if (unreadable) {
    --out.scanned;
    CountFailure(*unreadable, out);
  }
  if (out.found.size() == first) return;
  // comm only for processes that hold a wanted socket: one read fewer for most.
  auto comm = (*dir)->ReadComm();
  if (!comm && IsGone(comm.error())) {
    // Exited after its fds were read: its fds are closed now, drop them.
    out.found.resize(first);
    if (!unreadable) --out.scanned;
    ++out.vanished;
    return;
  }
  // A name we could not read (EMFILE, EIO, ...) is missing data, not "".
  if (!comm && out.names_unreadable++ == 0 && out.first_unreadable_error.empty())
    out.first_unreadable_error = comm.error().message;
  out.comms.push_back(comm ? std::move(*comm) : std::string());
  const auto index = static_cast<uint32_t>(out.comms.size() - 1);
  for (size_t i = first; i < out.found.size(); ++i) out.found[i].comm_index = index;
  out.details.emplace_back(pid, ReadDetail(**dir, epoll_fds));
}

void RunWorker(procfs::ProcFs& proc, const std::vector<int32_t>& pids, std::atomic<size_t>& next,
               const OwnerWalkOptions& options, WorkerResult& out) {
  for (;;) {
    // One pid per grab: processes differ wildly in fd count, so a static split
    // would leave threads idle behind one process with 100k sockets.
    size_t i = next.fetch_add(1, std::memory_order_relaxed);
    if (i >= pids.size()) return;
    if (options.deadline && options.deadline->Expired()) {
      out.timed_out = true;
      return;
    }
    WalkProcess(proc, pids[i], options, out);
  }
}

}  // namespace

base::Result<model::ProcessDetail> ReadProcessDetail(procfs::ProcFs& proc, int32_t pid,
                                                     const std::vector<int32_t>& epoll_fds) {
  auto dir = proc.OpenPid(pid);
  if (!dir) return dir.error();
  return ReadDetail(**dir, epoll_fds);
}

std::optional<uint64_t> ParseSocketLink(std::string_view target) {
  constexpr std::string_view kPrefix = "socket:[";
  if (target.size() < kPrefix.size() + 2 || target.substr(0, kPrefix.size()) != kPrefix ||
      target.back() != ']') {
    return std::nullopt;
  }
  std::string_view digits = target.substr(kPrefix.size(), target.size() - kPrefix.size() - 1);
  if (digits.empty() || digits[0] < '0' || digits[0] > '9') return std::nullopt;
  uint64_t inode = 0;
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), inode);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return std::nullopt;
  return inode;
}

base::Result<model::OwnerIndex> BuildOwnerIndex(procfs::ProcFs& proc,
                                                const OwnerWalkOptions& options) {
  auto pids = proc.ListPids();
  if (!pids) return pids.error().Wrap("owner walk: list processes");

  unsigned workers = options.workers;
  if (workers == 0) workers = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  workers = static_cast<unsigned>(std::min<size_t>(workers, std::max<size_t>(pids->size(), 1)));

  std::vector<WorkerResult> results(workers);
  std::atomic<size_t> next{0};
  {
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (unsigned w = 1; w < workers; ++w) {
      try {
        threads.emplace_back(RunWorker, std::ref(proc), std::cref(*pids), std::ref(next),
                             std::cref(options), std::ref(results[w]));
      } catch (const std::system_error&) {
        break;  // no more threads available: the ones running (and this one) share the work
      }
    }
    RunWorker(proc, *pids, next, options, results[0]);
    for (auto& t : threads) t.join();
  }

  model::OwnerIndex index;
  size_t total = 0;
  for (const auto& r : results) {
    if (r.timed_out) {
      return base::MakeError(ErrorKind::kTimeout, "owner walk: deadline passed after " +
                                                      std::to_string(next.load()) + " of " +
                                                      std::to_string(pids->size()) + " processes");
    }
    total += r.found.size();
    index.processes_scanned += r.scanned;
    index.processes_hidden += r.hidden;
    index.processes_vanished += r.vanished;
    index.processes_unreadable += r.unreadable;
    index.names_unreadable += r.names_unreadable;
    if (index.first_unreadable_error.empty())
      index.first_unreadable_error = r.first_unreadable_error;
    for (const auto& [pid, detail] : r.details) index.details.emplace(pid, detail);
  }

  // Merge in (inode, pid, fd) order, the index's, so each inode's owner
  // list is deterministic whatever the thread count and the order the
  // kernel listed entries.
  struct Ref {
    const Found* found;
    const WorkerResult* from;
  };
  std::vector<Ref> all;
  all.reserve(total);
  for (const auto& r : results)
    for (const auto& f : r.found) all.push_back(Ref{&f, &r});
  std::sort(all.begin(), all.end(), [](const Ref& a, const Ref& b) {
    if (a.found->inode != b.found->inode) return a.found->inode < b.found->inode;
    if (a.found->pid != b.found->pid) return a.found->pid < b.found->pid;
    return a.found->fd < b.found->fd;
  });
  index.Reserve(total);
  for (const auto& ref : all) {
    const Found& f = *ref.found;
    index.Add(f.inode, model::Owner{f.pid, f.fd, ref.from->comms[f.comm_index]});
  }
  return index;
}

}  // namespace sockscope::collect
