// sockscope top: the live view. On a terminal it runs the curses loop of
// tui/; otherwise it prints one frame as plain text, for scripts and logs.
#include <langinfo.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/exit_policy.h"
#include "cli/output.h"
#include "cli/sampling.h"
#include "diagnose/diagnose.h"
#include "sys/heap_policy.h"
#include "tui/render_frame.h"
#include "tui/top_loop.h"
#include "tui/top_state.h"

namespace sockscope::cli {
namespace {

constexpr int kPlainWidth = 100;  // one frame to a pipe, unless $COLUMNS says otherwise

struct TopFlags {
  std::string interval = "1s";
};

collect::CollectOptions TopCollectOptions(const GlobalOptions& global) {
  collect::CollectOptions o;
  ApplyGlobal(global, o);
  o.selection.tcp = true;
  o.selection.tcp_states = model::kAllStates;  // the header counts every state
  o.counters = true;
  o.listeners = true;
  o.memory = true;  // listener drops (sk_drops)
  o.tcp_connection_memory = false;
  o.owners = true;  // the owner column
  return o;
}

int PlainWidth() {
  const char* columns = std::getenv("COLUMNS");
  if (!columns) return kPlainWidth;
  char* end = nullptr;
  long n = std::strtol(columns, &end, 10);
  return end != columns && *end == '\0' && n >= 20 && n <= 1000 ? static_cast<int>(n) : kPlainWidth;
}

int PrintOneFrame(const EnvironmentHolder& holder, const collect::CollectOptions& options,
                  const tui::TopSettings& settings) {
  base::TimeBudget budget(options.timeout);
  Samples samples = TakeSamples(holder, options, options, settings.interval, budget);
  auto current = std::make_shared<const model::Snapshot>(std::move(samples.current));
  std::shared_ptr<const model::Snapshot> previous;
  if (samples.previous)
    previous = std::make_shared<const model::Snapshot>(std::move(*samples.previous));
  diagnose::DiagnoseInput input{previous.get(), *current, std::chrono::nanoseconds(0)};

  tui::TopState state(settings);
  // The first sample too, so the sparkline shows both points.
  if (previous) state.Ingest(tui::Sample{nullptr, previous, {}});
  state.Ingest(tui::Sample{previous, current, diagnose::Diagnose(input)});
  tui::TopModel model = state.BuildModel(current->monotonic_at, false);

  std::vector<std::string> lines =
      tui::RenderFrame(model, PlainWidth(), tui::FullFrameHeight(model));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string out;
  for (const auto& line : lines) {
    out += line;
    out += '\n';
  }
  if (WriteStdout(out) == WriteStatus::kFailed) return kExitOutputFailed;
  return ExitCodeForListing(*current);
}

int RunTop(const GlobalOptions& global, const TopFlags& flags) {
  if (global.output != OutputFormat::kTable) {
    PrintError("top: only table output; use `listeners -o json` or `serve` for programs");
    return kExitUsage;
  }
  auto interval = ParseInterval(flags.interval);
  if (!interval) {
    PrintError(fmt::format("--interval: {}", interval.error().message));
    return kExitUsage;
  }
  bool terminal = isatty(STDOUT_FILENO);
  if (terminal && interval->count() == 0) {
    PrintError("--interval: must be more than 0 for the live view");
    return kExitUsage;
  }
  sys::KeepLargeBlocksInTheirOwnMappings();  // a snapshot held while the next is built
  auto holder = EnvironmentHolder::Create(global);
  if (!holder) {
    PrintError(holder.error().message);
    return ExitCodeFor(holder.error());
  }
  // Only LC_CTYPE: enough to learn the character set (and for curses), while
  // numbers keep printing the same in every locale.
  std::setlocale(LC_CTYPE, "");
  tui::TopSettings settings;
  settings.interval = *interval;
  settings.show_netns = UsesNetns(global);
  settings.unicode = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

  collect::CollectOptions options = TopCollectOptions(global);
  if (!terminal) return PrintOneFrame(**holder, options, settings);

  (*holder)->FollowNamespaces();  // pods come and go while top runs
  const EnvironmentHolder& env = **holder;
  auto code = tui::RunTopLoop(settings, [&env, options] { return env.Collect(options); });
  if (!code) {
    PrintError(code.error().message);
    return ExitCodeFor(code.error());
  }
  return *code;
}

}  // namespace

CLI::App* AddTopCommand(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<TopFlags>();
  CLI::App* cmd = app.add_subcommand(
      "top", "Live view: listeners by queue pressure with history, state counts, rates, findings");
  cmd->fallthrough();
  cmd->add_option("--interval", flags->interval, "time between refreshes (default 1s)")
      ->option_text("DURATION");
  cmd->callback(
      [&global, flags, &action] { action = [&global, flags] { return RunTop(global, *flags); }; });
  return cmd;
}

}  // namespace sockscope::cli
