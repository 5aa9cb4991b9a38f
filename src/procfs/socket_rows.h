// The row loop shared by the /proc/net socket tables whose rows are one
// socket each after a header line (unix, netlink, packet): blank lines and the
// header are skipped, a row the row parser refuses is counted with its
// reason, never fatal. Pure; thread-safe.
#pragma once

#include <string_view>

#include "procfs/net_inet_parser.h"
#include "procfs/text_scan.h"

namespace sockscope::procfs {

// parse_row(line, socket) returns nullptr when the row was parsed into
// socket, else why it was not. header_word: the first word of the header.
template <typename ParseRow>
ParsedSockets ParseSocketRows(std::string_view text, std::string_view header_word,
                              ParseRow&& parse_row, size_t bytes_per_row_hint = 0) {
  ParsedSockets out;
  if (bytes_per_row_hint > 0) out.sockets.reserve(text.size() / bytes_per_row_hint + 1);
  scan::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    if (scan::Trim(line).empty()) continue;
    std::string_view rest = line, first;
    if (scan::NextToken(rest, first) && first == header_word) continue;
    model::Socket s;
    if (const char* why = parse_row(line, s)) {
      out.issues.Add(lines.line_no(), why);
      continue;
    }
    out.sockets.push_back(std::move(s));
  }
  return out;
}

}  // namespace sockscope::procfs
