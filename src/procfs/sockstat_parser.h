// Parser for /proc/net/sockstat and /proc/net/sockstat6:
//   sockets: used 294
//   TCP: inuse 8 orphan 0 tw 0 alloc 12 mem 1
//   UDP: inuse 2 mem 0            TCP6: inuse 3     FRAG6: inuse 0 memory 0
// Pure functions; thread-safe. The counts model::SockStat has are kept;
// other lines and names (UDPLITE, memory) are accepted and dropped. A kept
// field that is not a number is left empty and counted in issues.
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

// Copies the fields `from` has into `into` (sockstat6 onto sockstat).
void MergeSockStat(const model::SockStat& from, model::SockStat& into);

}  // namespace sockscope::procfs
