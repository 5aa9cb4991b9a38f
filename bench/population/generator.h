// The population generator: builds the sockets and fds described by
// PopulationOptions in the current network namespace, prints "ready", holds
// them until stdin closes or a termination signal arrives, then removes them.
#pragma once

#include "options.h"

namespace sockscope::bench {

// Returns the process exit code: 0 after a clean teardown, 1 on any failure
// (reported on stderr; nothing is left running either way).
int RunPopulation(const PopulationOptions& options);

}  // namespace sockscope::bench
