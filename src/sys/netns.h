// Network namespaces: open one by path, tell which it is, run work inside it.
// Behind an interface (Netns) so namespace collection, with its refusals,
// fallbacks and vanishing namespaces, is tested on a fake without root.
//
// setns(CLONE_NEWNET) changes the namespace of the calling thread only, and a
// thread that entered another namespace must never run unrelated work (its
// sockets, /proc/thread-self/net and sysctl reads would all describe the
// wrong namespace). So the real RunInside starts a dedicated thread, enters
// the namespace there, verifies it arrived (the inode of
// /proc/thread-self/ns/net must equal the target's), runs the work and lets
// the thread end: no thread ever switches back, so none can be left behind in
// the wrong namespace.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/result.h"
#include "base/unique_fd.h"

namespace sockscope::sys {

class Netns {
 public:
  virtual ~Netns() = default;
  // Opens a namespace file (/run/netns/NAME, /proc/PID/ns/net, a bind mount)
  // read-only, never blocking: anything but a regular (nsfs) file, a FIFO for
  // one, is refused before it is opened. kNotFound / kPermission as errno
  // says; kUsage for a file that is not a network namespace.
  virtual base::Result<base::UniqueFd> Open(const std::string& path) = 0;
  // The inode that identifies the namespace behind fd.
  virtual base::Result<uint64_t> Inode(int fd) = 0;
  // Runs work inside the namespace of fd and waits for it. kPermission when
  // entering is not permitted (CAP_SYS_ADMIN missing); an error (never an
  // abort) when no thread can be started. Thread-safe.
  virtual base::Result<void> RunInside(int fd, const std::function<void()>& work) = 0;
};

// The real namespaces of this machine. Process-wide, thread-safe.
Netns& RealNetns();

}  // namespace sockscope::sys
