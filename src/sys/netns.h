// Network namespaces: open one by path and run work inside it.
//
// setns(CLONE_NEWNET) changes the namespace of the calling thread only, and a
// thread that entered another namespace must never run unrelated work (its
// sockets, /proc/thread-self/net and sysctl reads would all describe the
// wrong namespace). So RunInNetns starts a dedicated thread, enters the
// namespace there, verifies it arrived (the inode of
// /proc/thread-self/ns/net must equal the target's), runs the work and lets
// the thread end: no thread ever switches back, so none can be left behind in
// the wrong namespace.
#pragma once

#include <cstdint>
#include <functional>

#include "base/result.h"
#include "base/unique_fd.h"

namespace sockscope::sys {

// Opens a namespace file (/run/netns/NAME, /proc/PID/ns/net, a bind mount)
// read-only. kNotFound / kPermission as errno says.
base::Result<base::UniqueFd> OpenNetns(const std::string& path);

// The inode that identifies the namespace behind fd (fstat st_ino).
base::Result<uint64_t> NetnsInode(int fd);

// Runs work on a new thread inside the namespace of netns_fd and waits for it.
// kPermission when entering is not permitted (CAP_SYS_ADMIN missing).
// Thread-safe; any number may run at once.
base::Result<void> RunInNetns(int netns_fd, const std::function<void()>& work);

}  // namespace sockscope::sys
