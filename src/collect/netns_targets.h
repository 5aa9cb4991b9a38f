// Which network namespaces a run looks at (-N/--netns): `all`, a name under
// /run/netns, a path to a namespace file, or pid:PID. Namespaces are named by
// their inode and deduplicated by it; each target says how to enter it (a
// path to open for setns) and, where known, a process inside it (for the
// /proc/PID/net fallback when entering is not permitted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "collect/container_identity.h"
#include "model/snapshot.h"
#include "procfs/proc_fs.h"
#include "sys/files.h"
#include "sys/netns.h"

namespace sockscope::collect {

struct NetnsTarget {
  uint64_t inode = 0;
  std::string name;            // under /run/netns, if any
  std::string path;            // what to open for setns
  std::optional<int32_t> pid;  // a process whose namespace this is, if one was seen
  bool own = false;            // the namespace sockscope runs in
  std::vector<int32_t> pids;   // the first few processes seen inside (kMaxTargetPids)
  ContainerIdentity identity;  // filled by AttachContainerIdentity
};

// How many processes per namespace are remembered for the identity lookup.
inline constexpr size_t kMaxTargetPids = 8;

struct NetnsTargets {
  std::vector<NetnsTarget> targets;
  std::vector<model::Note> notes;  // processes whose namespace link was unreadable, ...
};

struct NetnsPaths {
  std::string run_netns_dir = "/run/netns";        // `ip netns add` names
  std::string mountinfo = "/proc/self/mountinfo";  // bind mounts of namespaces
};

// Resolves spec ("all", "NAME", "/path", "pid:PID"): for `all`, our own
// namespace, every name under run_netns_dir, every process's namespace and
// every nsfs bind mount, deduplicated by inode. kUsage for a malformed spec,
// kNotFound when a named namespace or pid does not exist.
base::Result<NetnsTargets> ResolveNetnsTargets(procfs::ProcFs& proc, sys::Files& files,
                                               sys::Netns& netns, const std::string& spec,
                                               const NetnsPaths& paths = {});

// Mount points of nsfs mounts of network namespaces in a mountinfo text:
// (inode, mount point). Pure.
std::vector<std::pair<uint64_t, std::string>> ParseNetnsMounts(std::string_view mountinfo);

}  // namespace sockscope::collect
