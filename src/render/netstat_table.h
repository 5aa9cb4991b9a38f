// `ls --format netstat`: the internet part of net-tools `netstat -n`, for
// scripts written against it: the heading line, `Proto Recv-Q Send-Q Local
// Address Foreign Address State [PID/Program name]`, netstat's state names
// (ESTABLISHED, TIME_WAIT, an empty State for unconnected UDP), tcp6/udp6,
// IPv6 addresses without brackets (":::22", "::1:631"), "-" for an unknown
// program. Differences, on purpose: always numeric (netstat -n; without it
// netstat names hosts and ports), addresses are never truncated (-W), the
// program is the process's comm (netstat shows argv[0], which differs for
// processes that rewrite their title), and a listener's Send-Q is 0 as
// /proc shows it (ss and the table format show the accept-queue maximum).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "model/snapshot.h"

namespace sockscope::render {

struct NetstatView {
  bool processes = false;  // -p: the PID/Program name column
  bool header = true;      // the two heading lines (-H drops them)
  // The heading's parenthesis: "servers and established", "only servers",
  // "w/o servers".
  std::string_view scope = "w/o servers";
};

// State names as netstat prints them; "" for UDP and other non-TCP CLOSE.
std::string_view NetstatStateName(const model::Socket& s);

void RenderNetstatTable(const model::Snapshot& snap, std::span<const size_t> shown,
                        const NetstatView& view, std::string& out);

}  // namespace sockscope::render
