// The paths of cgroup v2 directories, by cgroup id, as `ss -e` prints a
// socket's cgroup (sock_diag INET_DIAG_CGROUP_ID): on cgroup v2 the id is the
// inode number of the cgroup's directory, so a walk of the cgroup2 mount
// finds them without privilege (ss asks open_by_handle_at, which needs
// CAP_DAC_READ_SEARCH). Paths are relative to the mount, "/" for its root.
#pragma once

#include <cstdint>
#include <span>
#include <string>
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

}  // namespace sockscope::sys
