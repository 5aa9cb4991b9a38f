// Parser for /proc/net/sockstat:
//   sockets: used 294
//   TCP: inuse 8 orphan 0 tw 0 alloc 12 mem 1
// Pure function; thread-safe. Only the "sockets:" and "TCP:" lines feed
// model::SockStat; other protocols' lines are accepted and ignored. A field
// that is not a number is left empty and counted in issues.
#pragma once

#include <string_view>

#include "model/counters.h"
#include "procfs/parse_issues.h"

namespace sockscope::procfs {

struct ParsedSockStat {
  model::SockStat sockstat;
  ParseIssues issues;
};

ParsedSockStat ParseSockStat(std::string_view text);

}  // namespace sockscope::procfs
