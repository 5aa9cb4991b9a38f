// SocketFdSource: every open socket file of every process, read from the
// kernel in one pass by a BPF task_file iterator (sys/bpf/socket_fds.bpf.c)
// instead of one readlink per /proc/PID/fd entry. The owner step uses it
// when the kernel and privileges allow (`--owners auto|bpf|proc`); tests
// pass fakes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/deadline.h"
#include "base/result.h"

namespace sockscope::sys {

// A socket fd, or an epoll instance's (epoll: inode 0), whose watch list
// /proc/PID/fdinfo/FD tells.
struct SocketFd {
  uint64_t inode = 0;  // the socket's inode ("socket:[N]")
  int32_t pid = 0;     // the process (thread group), as /proc and ss number it
  int32_t fd = 0;
  std::string comm;  // the task's name: untrusted bytes
  bool epoll = false;
};

class SocketFdSource {
 public:
  virtual ~SocketFdSource() = default;
  // One pass over every process's file table, on_fd once per socket fd and
  // once per epoll fd.
  // Fails with kUnsupported (no BPF iterators or BTF in this kernel, or
  // sockscope in a PID namespace of its own: the iterator numbers tasks as
  // the host does), kPermission (needs CAP_BPF and CAP_PERFMON, or
  // CAP_SYS_ADMIN), or kTimeout (the deadline passed between reads; what was
  // passed to on_fd is then partial). A load failure is remembered: later
  // calls fail the same way at once.
  virtual base::Result<void> Read(const base::Deadline& deadline,
                                  const std::function<void(const SocketFd&)>& on_fd) = 0;
  // "bpf": what the source is, for the snapshot's `via`.
  virtual std::string_view Via() const = 0;
};

// The BPF iterator, loaded on first use (CO-RE against the running kernel's
// BTF, /sys/kernel/btf/vmlinux) and kept for the next reads. Not
// thread-safe: one collecting thread.
std::unique_ptr<SocketFdSource> MakeBpfSocketFdSource();

}  // namespace sockscope::sys
