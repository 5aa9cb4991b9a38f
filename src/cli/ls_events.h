// `ls -E`: destroy events as ss -E prints them, until SIGINT or SIGTERM (or
// the reader closes the pipe). Each event is one row (table) or one socket
// object (NDJSON), filtered by the filter expression; the kernel sends the
// socket as it was freed, so states are mostly CLOSE and no process holds
// it any more.
#pragma once

#include "collect/collect_options.h"
#include "filter/filter.h"
#include "render/socket_view.h"
#include "sys/netlink_socket.h"

namespace sockscope::cli {

struct EventsRun {
  collect::SocketSelection selection;  // tcp/udp and families: the groups to join
  const filter::Filter* filter = nullptr;
  render::SocketView view;
  bool ndjson = false;
};

// Returns the exit code: 0 when stopped by a signal or a closed reader, 3
// when the events cannot be watched (no netlink, the groups cannot be joined).
int RunLsEvents(const EventsRun& run, sys::NetlinkOpener& opener);

}  // namespace sockscope::cli
