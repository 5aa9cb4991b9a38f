// Owner walk: which processes hold which sockets, found by walking every
// /proc/PID/fd the way netstat -p and ss -p do, but relative to an
// O_DIRECTORY|O_NOFOLLOW dirfd per process, reading links only (never opening
// their targets) and matching only "socket:[N]".
//
// Partial results are normal: a process that exits mid-walk is skipped and
// counted in processes_vanished; one whose fd directory is denied (another
// user's process without CAP_SYS_PTRACE) is counted in processes_hidden, so
// callers can say an owner column is incomplete instead of showing "no owner".
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

#include "base/deadline.h"
#include "base/result.h"
#include "model/owner.h"
#include "procfs/proc_fs.h"

namespace sockscope::collect {

struct OwnerWalkOptions {
  // When set, only these socket inodes are kept (saves memory and time when
  // the socket list is already known). Not owned; must outlive the call.
  const std::unordered_set<uint64_t>* wanted_inodes = nullptr;
  // Threads walking the pid list; 0 picks min(hardware threads, 8). Each
  // thread works on its own buffers; the result does not depend on it.
  unsigned workers = 1;
  // Expected number of sockets, to size the index once (0: unknown).
  size_t expected_sockets = 0;
  // Checked between processes; once passed, the walk fails with kTimeout.
  std::optional<base::Deadline> deadline;
};

// Walks every process under proc. Each inode's owners are sorted by pid, then
// fd. Fails only when the pid list cannot be read or the deadline passes;
// vanished and hidden processes are counted, not errors. Safe to call from
// several threads when proc is thread-safe (every ProcFs in this project is).
base::Result<model::OwnerIndex> BuildOwnerIndex(procfs::ProcFs& proc,
                                                const OwnerWalkOptions& options = {});

// The state and epoll watch list of one process whose epoll fds are known
// (from the kernel's list): /proc/PID/stat and one fdinfo per epoll fd, no
// walk of its fd table. A part that cannot be read stays unknown; kNotFound
// when the process is gone.
base::Result<model::ProcessDetail> ReadProcessDetail(procfs::ProcFs& proc, int32_t pid,
                                                     const std::vector<int32_t>& epoll_fds);

// "socket:[12345]" -> 12345; nullopt for any other link target ("pipe:[7]",
// "/dev/null", "anon_inode:[eventfd]", "socket:[]", ...).
std::optional<uint64_t> ParseSocketLink(std::string_view target);

}  // namespace sockscope::collect
