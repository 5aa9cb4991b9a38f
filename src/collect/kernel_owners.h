// The owner index from the kernel's own list of socket fds
// (sys::SocketFdSource: a BPF task_file iterator): one pass over every
// process's file table in the kernel, no readlink per /proc/PID/fd entry.
// The same index the /proc walk builds (owners sorted by pid, then fd), less
// the process details, which the owner step reads from /proc for the few
// processes that need them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>

#include "base/deadline.h"
#include "base/result.h"
#include "model/owner.h"
#include "sys/socket_fds.h"

namespace sockscope::collect {

// wanted: the socket inodes whose owners are kept (null: every socket's).
// Fails as the source fails (kUnsupported, kPermission, kTimeout...).
base::Result<model::OwnerIndex> BuildOwnerIndexFromKernel(
    sys::SocketFdSource& source, const std::unordered_set<uint64_t>* wanted,
    size_t expected_sockets, const base::Deadline& deadline);

}  // namespace sockscope::collect
