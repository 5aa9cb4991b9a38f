#include "procfs/sockstat_parser.h"

#include <string>

#include "procfs/text_scan.h"

namespace sockscope::procfs {

ParsedSockStat ParseSockStat(std::string_view text) {
  ParsedSockStat out;
  auto& st = out.sockstat;
  scan::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    std::string_view rest = line, group;
    if (!scan::NextToken(rest, group)) continue;
    bool tcp = group == "TCP:";
    bool sockets = group == "sockets:";
    if (!tcp && !sockets) {
      if (group.back() != ':') out.issues.Add(lines.line_no(), "not a \"PROTO: ...\" line");
      continue;
    }
    // Then "name value" pairs.
    std::string_view name, value;
    while (scan::NextToken(rest, name)) {
      if (!scan::NextToken(rest, value)) {
        out.issues.Add(lines.line_no(), std::string(name) + ": no value");
        break;
      }
      auto v = scan::ParseUnsigned<uint64_t>(value, 10);
      if (!v) {
        out.issues.Add(lines.line_no(), std::string(name) + ": not a number");
        continue;
      }
      if (sockets) {
        if (name == "used") st.sockets_used = *v;
      } else if (name == "inuse") {
        st.tcp_inuse = *v;
      } else if (name == "orphan") {
        st.tcp_orphan = *v;
      } else if (name == "tw") {
        st.tcp_tw = *v;
      } else if (name == "alloc") {
        st.tcp_alloc = *v;
      } else if (name == "mem") {
        st.tcp_mem_pages = *v;
      }
    }
  }
  return out;
}

}  // namespace sockscope::procfs
