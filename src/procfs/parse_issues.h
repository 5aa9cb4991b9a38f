// ParseIssues: what a /proc parser skipped. Parsers never fail on a bad line;
// they skip it, count it here and keep the first reason so the caller can
// turn it into a Note ("proc: 2 bad lines in /proc/net/tcp, first: ...").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sockscope::procfs {

struct ParseIssues {
  uint32_t skipped = 0;  // lines (or groups, for snmp-style files) skipped
  std::string first;     // "line 7: state 0x1F out of range"; empty when none

  void Add(size_t line_no, std::string_view why) {
    if (skipped++ == 0) {
      first = "line " + std::to_string(line_no) + ": ";
      first += why;
    }
  }
  bool empty() const { return skipped == 0; }
};

}  // namespace sockscope::procfs
