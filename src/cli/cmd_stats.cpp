// sockscope stats: sockets per protocol and state, the connection counters
// that matter, and the limits in force; --interval adds deltas and rates.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/exit_policy.h"
#include "cli/output.h"
#include "cli/sampling.h"
#include "render/stats_render.h"

namespace sockscope::cli {
namespace {

struct StatsFlags {
  std::string interval = "0";
};

int RunStats(const GlobalOptions& global, const StatsFlags& flags) {
  SampledRun run = PrepareSampledRun(global, flags.interval);
  if (run.failed_exit != 0) return run.failed_exit;
  const EnvironmentHolder& env = *run.env;
  collect::CollectOptions o;
  ApplyGlobal(global, o);
  o.selection.tcp = o.selection.udp = o.selection.unix_sockets = true;
  o.counters = true;
  base::TimeBudget budget(global.timeout);
  Samples samples = TakeSamples(env, o, o, run.interval, budget);
  render::StatsInput in{samples.current, samples.previous ? &*samples.previous : nullptr,
                        samples.seconds};
  std::string out;
  if (global.output == OutputFormat::kTable)
    render::RenderStatsTable(in, out);
  else
    render::RenderStatsJson(in, out);
  if (WriteStdout(out) == WriteStatus::kFailed) return kExitOutputFailed;
  return ExitCodeForListing(samples.current);
}

}  // namespace

CLI::App* AddStatsCommand(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<StatsFlags>();
  CLI::App* cmd =
      app.add_subcommand("stats", "Socket counts by state, connection counters, limits in force");
  cmd->fallthrough();
  cmd->add_option("--interval", flags->interval, "show deltas and rates over this time")
      ->option_text("DURATION");
  cmd->callback([&global, flags, &action] {
    action = [&global, flags] { return RunStats(global, *flags); };
  });
  return cmd;
}

}  // namespace sockscope::cli
