#include "procfs/pid_parsers.h"

#include <algorithm>
#include <charconv>

#include "procfs/text_scan.h"

namespace sockscope::procfs {

std::optional<char> ParseStatState(std::string_view stat) {
  const size_t close = stat.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view rest = stat.substr(close + 1);
  std::string_view state;
  if (!scan::NextToken(rest, state) || state.size() != 1) return std::nullopt;
  const char c = state[0];
  if (c < 'A' || c > 'z') return std::nullopt;
  return c;
}

std::vector<uint64_t> ParseEpollWatches(std::string_view fdinfo) {
  std::vector<uint64_t> inodes;
  scan::LineReader lines(fdinfo);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.substr(0, 4) != "tfd:") continue;
    std::string_view rest = line, token;
    while (scan::NextToken(rest, token)) {
      if (token.substr(0, 4) != "ino:") continue;
      std::string_view hex = token.substr(4);
      uint64_t inode = 0;
      auto r = std::from_chars(hex.data(), hex.data() + hex.size(), inode, 16);
      if (r.ec == std::errc() && r.ptr == hex.data() + hex.size() && !hex.empty())
        inodes.push_back(inode);
      break;
    }
  }
  std::sort(inodes.begin(), inodes.end());
  inodes.erase(std::unique(inodes.begin(), inodes.end()), inodes.end());
  return inodes;
}

}  // namespace sockscope::procfs
