// The owner step of the pipeline: who holds the snapshot's sockets, from one
// walk of /proc/PID/fd under the collection's deadline, optionally served
// from an OwnerCache. Errors are never "no owner": a walk that fails or
// cannot read some processes leaves a failed or incomplete "owners" source
// and a note, and renderers say "unknown" for sockets nobody was seen with.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>

#include "collect/collect_options.h"
#include "collect/kernel_owners.h"

namespace sockscope::collect {

// Owner walk threads: the one policy every caller uses. The walk is bound by
// the kernel's readlink (a few µs each), so threads beyond the cores add
// contention, not speed; four is where the curve flattens.
unsigned OwnerWalkWorkers();

// How long a walk's owners serve later collections when no wanted socket is
// new: a process label may lag a hand-over of a listening socket by this much.
inline constexpr std::chrono::seconds kOwnerCacheMaxAge{60};

// Reuses the last read of owners while it covers every socket now wanted
// and is younger than max_age. At 100k sockets the /proc walk (every
// /proc/PID/fd link) costs more than the rest of a collection, and even the
// kernel's list (one BPF pass over every open file) a fifth of a scrape.
// Not thread-safe: one collecting thread.
class OwnerCache {
 public:
  // What a read gave: the owners of the wanted sockets, where they came
  // from, and (from the kernel's list) the epoll fds of each process, so
  // the few processes' details are read afresh at every use; the /proc
  // walk's details come with its index.
  struct Entry {
    model::OwnerIndex index;
    std::string via;
    bool from_kernel = false;
    EpollFds epoll_fds;
  };
  explicit OwnerCache(std::chrono::nanoseconds max_age = kOwnerCacheMaxAge) : max_age_(max_age) {}
  const Entry* Lookup(const std::unordered_set<uint64_t>& wanted,
                      std::chrono::steady_clock::time_point now) const;
  void Store(Entry entry, std::unordered_set<uint64_t> wanted,
             std::chrono::steady_clock::time_point now);
  void Clear() { valid_ = false; }

 private:
  std::chrono::nanoseconds max_age_;
  Entry entry_;
  std::unordered_set<uint64_t> inodes_;  // the sockets that read looked for
  std::chrono::steady_clock::time_point at_{};
  bool valid_ = false;
};

// Fills snap.owners for the sockets of options.owner_scope and records the
// "owners" source (via "bpf" or "proc"). proc must be rooted at the real
// /proc of sockscope's own PID namespace (socket inodes are unique
// machine-wide, so one walk serves every network namespace). socket_fds:
// the kernel's list of socket fds, used as options.owner_method says (null:
// the /proc walk only).
void CollectOwners(procfs::ProcFs& proc, sys::SocketFdSource* socket_fds,
                   const CollectOptions& options, const base::Deadline& deadline, OwnerCache* cache,
                   model::Snapshot& snap);

// The same in two halves, for a streamed collection that reads owners
// before the sockets exist. First every socket's owners into snap.owners
// (no details, no cache): the source they came from ("bpf", "proc"), or
// nothing when the read failed (its failed source and note are recorded).
std::optional<std::string> ReadEveryOwner(procfs::ProcFs& proc, sys::SocketFdSource* socket_fds,
                                          const CollectOptions& options,
                                          const base::Deadline& deadline, model::Snapshot& snap);
// Then, once the sockets went by, the "owners" source: failed per namespace
// where sockets were shown whose owners the read could not know.
using UnknownOwners = std::map<uint64_t, size_t>;  // netns -> sockets with unknown owners
void RecordOwnersSource(const std::string& via, const UnknownOwners& unknown_by_netns,
                        model::Snapshot& snap);

}  // namespace sockscope::collect
