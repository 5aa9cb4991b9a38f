// Collection across network namespaces (-N): each namespace is entered on a
// dedicated thread (sys::RunInNetns) where the sock_diag socket is opened and
// /proc/thread-self/net and the sysctls describe that namespace; each has its
// own deadline and its own notes, so a slow or broken one never stalls or
// hides the others. Owners are walked once for all (socket inodes are unique
// across namespaces) and listeners derived on the merged snapshot.
#pragma once

#include <vector>

#include "collect/collector.h"
#include "collect/netns_targets.h"
#include "sys/files.h"

namespace sockscope::collect {

// env.proc must be rooted at the real /proc. Namespaces that cannot be
// entered (no CAP_SYS_ADMIN) fall back to /proc/PID/net of a process inside
// them when one is known (sockets and counters, no accept-queue max, no
// sysctls), with a note; otherwise they are an error note.
model::Snapshot CollectNamespaces(const Environment& env, sys::Files& files,
                                  const CollectOptions& options,
                                  const std::vector<NetnsTarget>& targets);

}  // namespace sockscope::collect
