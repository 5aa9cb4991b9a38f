// The paths of cgroup v2 directories, by cgroup id, as `ss -e` prints a
// socket's cgroup (sock_diag INET_DIAG_CGROUP_ID): on cgroup v2 the id is the
// inode number of the cgroup's directory, so a walk of the cgroup2 mount
// finds them without privilege (ss asks open_by_handle_at, which needs
// CAP_DAC_READ_SEARCH). Paths are relative to the mount, "/" for its root.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/deadline.h"

namespace sockscope::sys {

// Walks `mount` (normally /sys/fs/cgroup) breadth first until every id is
// found, the deadline passes or `max_dirs` directories were read; ids not
// found are absent from the result. Never follows symlinks.
std::unordered_map<uint64_t, std::string> FindCgroupPaths(std::span<const uint64_t> ids,
                                                          const char* mount,
                                                          const base::Deadline& deadline,
                                                          size_t max_dirs = 100000);

// The id of the cgroup at `path` (the inode of its directory); nullopt when
// there is none. For the `cgroup PATH` filter: as ss, a relative path is
// under the cgroup2 mount and an absolute one a file-system path when it lies
// under the mount (/sys/fs/cgroup/system.slice); any other absolute path is
// taken under the mount too, as `ls -e` prints it (/system.slice), where ss
// would look for it from the file-system root.
std::optional<uint64_t> CgroupIdOf(const char* mount, std::string_view path);

// The index of network interface `name` in the calling thread's network
// namespace (if_nametoindex); nullopt when there is none. For `dev NAME`.
std::optional<uint32_t> InterfaceIndex(std::string_view name);

}  // namespace sockscope::sys
