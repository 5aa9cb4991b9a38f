// The owner index from the kernel's own list of socket fds
// (sys::SocketFdSource: a BPF task_file iterator): one pass over every
// process's file table in the kernel, no readlink per /proc/PID/fd entry.
// The same index the /proc walk builds (owners sorted by pid, then fd), less
// the process details, which the owner step reads from /proc for the few
// processes that need them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/deadline.h"
#include "base/result.h"
#include "model/owner.h"
#include "sys/socket_fds.h"

namespace sockscope::collect {

// The epoll fds of each process, by pid (for its details).
using EpollFds = std::unordered_map<int32_t, std::vector<int32_t>>;

// wanted: the socket inodes whose owners are kept (null: every socket's).
// epoll_fds, when set, receives every process's epoll fds. Fails as the
// source fails (kUnsupported, kPermission, kTimeout...).
base::Result<model::OwnerIndex> BuildOwnerIndexFromKernel(
    sys::SocketFdSource& source, const std::unordered_set<uint64_t>* wanted,
    size_t expected_sockets, const base::Deadline& deadline, EpollFds* epoll_fds = nullptr);

}  // namespace sockscope::collect
