#include "procfs/mountinfo_parser.h"

#include <algorithm>

namespace sockscope::procfs {
namespace {

// Undoes the octal escapes (\040 for space) mountinfo uses in paths.
std::string UnescapeMountPath(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    bool octal = s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' &&
                 s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7';
    if (octal) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::vector<MountEntry> ParseMountInfo(std::string_view mountinfo) {
  std::vector<MountEntry> mounts;
  while (!mountinfo.empty()) {
    size_t nl = mountinfo.find('\n');
    std::string_view line = mountinfo.substr(0, nl);
    mountinfo = nl == std::string_view::npos ? std::string_view() : mountinfo.substr(nl + 1);
    std::vector<std::string_view> fields;
    size_t pos = 0;
    while (pos < line.size() && fields.size() < 64) {
      size_t sp = line.find(' ', pos);
      fields.push_back(line.substr(pos, sp - pos));
      if (sp == std::string_view::npos) break;
      pos = sp + 1;
    }
    auto dash = std::find(fields.begin(), fields.end(), "-");
    if (fields.size() < 5 || dash == fields.end() || dash + 1 == fields.end() ||
        dash - fields.begin() < 5)
      continue;
    mounts.push_back(
        {UnescapeMountPath(fields[3]), UnescapeMountPath(fields[4]), std::string(*(dash + 1))});
  }
  return mounts;
}

std::optional<std::string> FirstMountOf(std::string_view mountinfo, std::string_view fstype) {
  for (auto& m : ParseMountInfo(mountinfo))
    if (m.fstype == fstype) return std::move(m.mount_point);
  return std::nullopt;
}

}  // namespace sockscope::procfs
