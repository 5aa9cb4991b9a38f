#include "cli/sampling.h"

#include <thread>

#include <fmt/format.h>

#include "base/duration.h"
#include "cli/exit_codes.h"
#include "cli/output.h"

namespace sockscope::cli {

SampledRun PrepareSampledRun(const GlobalOptions& global, const std::string& interval_text) {
  SampledRun run;
  auto interval = ParseInterval(interval_text);
  if (!interval) {
    PrintError(fmt::format("--interval: {}", interval.error().message));
    run.failed_exit = kExitUsage;
    return run;
  }
  run.interval = *interval;
  auto holder = EnvironmentHolder::Create(global);
  if (!holder) {
    PrintError(holder.error().message);
    run.failed_exit = ExitCodeFor(holder.error());
    return run;
  }
  run.env = std::move(*holder);
  return run;
}

model::Snapshot CollectWithin(const EnvironmentHolder& env, collect::CollectOptions options,
                              base::TimeBudget& budget) {
  options.deadline = budget.Start();
  model::Snapshot snap = env.Collect(options);
  budget.Stop();
  return snap;
}

Samples TakeSamples(const EnvironmentHolder& env, const collect::CollectOptions& first_options,
                    const collect::CollectOptions& options, std::chrono::nanoseconds interval,
                    base::TimeBudget& budget) {
  Samples samples;
  if (interval.count() > 0) {
    samples.previous = CollectWithin(env, first_options, budget);
    std::this_thread::sleep_until(samples.previous->monotonic_at + interval);
  }
  samples.current = CollectWithin(env, options, budget);
  if (samples.previous)
    samples.seconds =
        std::chrono::duration<double>(samples.current.monotonic_at - samples.previous->monotonic_at)
            .count();
  return samples;
}

base::Result<std::chrono::nanoseconds> ParseInterval(const std::string& text) {
  if (text == "0") return std::chrono::nanoseconds(0);
  return base::ParseDuration(text);
}

}  // namespace sockscope::cli
