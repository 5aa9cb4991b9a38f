// Parser for the "header line, value line" files /proc/net/netstat and
// /proc/net/snmp:
//   TcpExt: SyncookiesSent SyncookiesRecv ...
//   TcpExt: 0 0 ...
// Pure function; thread-safe.
//
// Keys become "Group.Name" ("TcpExt.ListenOverflows", "Tcp.CurrEstab"). A
// group whose two lines have different field counts, a header without its
// value line, or a value that is not a number is skipped whole and counted in
// issues (a shifted column would put numbers under the wrong names). Negative
// values (Tcp MaxConn is -1, meaning "no limit") are not counters: left out
// without complaint.
#pragma once

#include <string_view>

#include "model/counters.h"
#include "procfs/parse_issues.h"

namespace sockscope::procfs {

struct ParsedCounters {
  model::Counters counters;
  ParseIssues issues;  // skipped counts groups, not lines
};

ParsedCounters ParseSnmpStyle(std::string_view text);

// /proc/net/snmp6: one "Udp6RcvbufErrors  12" per line. The Udp6 lines become
// "Udp6.RcvbufErrors" like the groups above; other groups (Ip6, Icmp6, ...)
// are not used and not kept. A line that is not "name number" is skipped and
// counted in issues.
ParsedCounters ParseSnmp6(std::string_view text);

}  // namespace sockscope::procfs
