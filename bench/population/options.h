// Command line of `population` (the generator mode). See bench/README.md.
#pragma once

#include <string>

#include "status.h"

namespace sockscope::bench {

struct PopulationOptions {
  // Established TCP sockets to create, counting both ends: N sockets are N/2
  // loopback connections, each process holding both the client and the
  // accepted server end of its connections. Listeners and the full-queue
  // sockets come on top. Odd N is rounded down.
  long sockets = 10000;
  // Processes that hold the connections (each also owns one listener).
  int processes = 50;
  // Non-socket fds (pipes and dups of /dev/null) spread over `bystanders`
  // processes, so an fd walk has to look past them.
  long bystander_fds = 10000;
  int bystanders = 4;
  // Listeners with a full accept queue: small backlog, never accepted,
  // backlog+1 clients connected, so the queue holds connections no process owns.
  int full_listeners = 4;
  // Listener addresses 127.0.0.1 .. 127.0.0.<addresses>.
  int addresses = 8;
  // Bound on the whole setup; past it everything is torn down and we fail.
  int setup_timeout_s = 300;
};

// Parses argv[first..argc). On failure returns a message fit for stderr.
Status ParsePopulationOptions(int argc, char** argv, int first, PopulationOptions* out);

extern const char kPopulationUsage[];

}  // namespace sockscope::bench
