#include "cli/sampling.h"

#include <thread>

#include "base/duration.h"

namespace sockscope::cli {

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
