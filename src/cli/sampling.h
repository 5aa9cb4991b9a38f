// Two samples `interval` apart, so counters give deltas and rates (check,
// listeners --interval, stats --interval), all spending one --timeout: each
// collection charges the kernel-facing time it used to the run's TimeBudget,
// the wait between samples costs nothing.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "base/deadline.h"
#include "base/result.h"
#include "cli/global_options.h"
#include "collect/collector.h"

namespace sockscope::cli {

struct Samples {
  std::optional<model::Snapshot> previous;  // empty for a single sample
  model::Snapshot current;
  double seconds = 0;  // measured time between the samples
};

// What a sampling command (check, listeners, stats) starts from: its
// --interval and its environment. On a bad interval or environment the error
// is printed and failed_exit holds the exit code to return.
struct SampledRun {
  std::chrono::nanoseconds interval{0};
  std::unique_ptr<EnvironmentHolder> env;
  int failed_exit = 0;
};
SampledRun PrepareSampledRun(const GlobalOptions& global, const std::string& interval_text);

// One collection with a deadline from what is left of budget.
model::Snapshot CollectWithin(const EnvironmentHolder& env, collect::CollectOptions options,
                              base::TimeBudget& budget);

// The first sample uses `first_options` (it may skip costly parts such as the
// owner walk), the second `options`. interval zero: one sample only.
Samples TakeSamples(const EnvironmentHolder& env, const collect::CollectOptions& first_options,
                    const collect::CollectOptions& options, std::chrono::nanoseconds interval,
                    base::TimeBudget& budget);

// Parses --interval: a duration, or "0" for a single sample.
base::Result<std::chrono::nanoseconds> ParseInterval(const std::string& text);

}  // namespace sockscope::cli
