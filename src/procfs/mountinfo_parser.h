// /proc/PID/mountinfo lines ("id parent major:minor root mount-point options
// [optional...] - fstype source super-options"), the fields sockscope needs:
// where the nsfs mounts of named network namespaces are, where cgroup2 is.
// Pure; malformed lines are skipped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::procfs {

struct MountEntry {
  std::string root;         // the mounted file's path inside its file system
  std::string mount_point;  // octal escapes (\040) undone
  std::string fstype;
};

std::vector<MountEntry> ParseMountInfo(std::string_view mountinfo);

// The mount point of the first mount of fstype ("cgroup2"), if any.
std::optional<std::string> FirstMountOf(std::string_view mountinfo, std::string_view fstype);

}  // namespace sockscope::procfs
