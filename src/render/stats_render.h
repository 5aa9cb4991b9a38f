// `sockscope stats`: sockets per protocol and state (like ss -s), the
// connection counters that matter, and the limits in force.
#pragma once

#include <string>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::render {

struct StatsInput {
  const model::Snapshot& current;
  const model::Snapshot* previous = nullptr;  // with --interval: deltas and rates
  double seconds = 0;
};

void RenderStatsTable(const StatsInput& in, std::string& out);
void RenderStatsJson(const StatsInput& in, std::string& out);

}  // namespace sockscope::render
