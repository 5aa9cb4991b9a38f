// sockscope check (the default command): sample twice, run every rule, print
// findings worst first; the exit code says how bad it is.
#include <algorithm>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/sampling.h"
#include "diagnose/diagnose.h"
#include "render/finding_render.h"

namespace sockscope::cli {
namespace {

struct CheckFlags {
  std::string interval = "1s";
  bool brief = false;
};

collect::CollectOptions CheckCollectOptions(const GlobalOptions& global) {
  collect::CollectOptions o;
  ApplyGlobal(global, o);
  o.tcp = true;
  o.tcp_states = model::kAllStates;
  o.counters = true;
  o.listeners = true;
  o.memory = true;    // listener drops (sk_drops)
  o.tcp_info = true;  // send-queue-buildup: backoff (RTO, zero-window probes)
  return o;
}

// Findings about a listener or a socket group name the owning process.
bool NamesProcesses(const diagnose::Finding& f) {
  return f.listener.has_value() || f.id == "close-wait-buildup" || f.id == "recv-queue-buildup" ||
         f.id == "send-queue-buildup";
}

int RunCheck(const GlobalOptions& global, const CheckFlags& flags) {
  auto interval = ParseInterval(flags.interval);
  if (!interval) {
    PrintError(fmt::format("--interval: {}", interval.error().message));
    return kExitUsage;
  }
  auto holder = EnvironmentHolder::Create(global);
  if (!holder) {
    PrintError(holder.error().message);
    return ExitCodeFor(holder.error());
  }
  collect::CollectOptions full = CheckCollectOptions(global);
  // The first sample only gives the rates: counters and listener drops. Its
  // listeners and half-open requests come from a LISTEN/SYN_RECV dump, a few
  // sockets where the full dump may be 100k.
  collect::CollectOptions rates_only = full;
  rates_only.tcp_states =
      model::StateBit(model::State::kListen) | model::StateBit(model::State::kSynRecv);
  rates_only.tcp_info = false;
  Samples samples = TakeSamples(**holder, rates_only, full, *interval);

  diagnose::DiagnoseInput input{samples.previous ? &*samples.previous : nullptr, samples.current,
                                std::chrono::nanoseconds(0)};
  auto findings = diagnose::Diagnose(input);
  // The owner walk (every /proc/PID/fd) costs more than everything else on a
  // busy machine; it is only needed to name the processes behind findings,
  // so a healthy machine never pays for it.
  if (std::any_of(findings.begin(), findings.end(), NamesProcesses)) {
    (*holder)->AttachOwners(full, samples.current);
    findings = diagnose::Diagnose(input);
  }

  std::string out;
  if (global.output == OutputFormat::kTable) {
    render::FindingsView view;
    view.color = UseColor(global);
    view.verbose = !flags.brief;
    render::RenderFindingsText(findings, samples.current.notes, view, out);
  } else {
    render::RenderFindingsJson(findings, samples.current.notes, out);
  }
  if (WriteStdout(out) == WriteStatus::kFailed) return kExitOutputFailed;
  if (collect::SocketSourceFailed(samples.current)) return kExitCannotInspect;
  return diagnose::ExitCodeFor(findings);
}

}  // namespace

CLI::App* AddCheckCommand(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Explain connection-queue trouble: findings with evidence and advice (default)");
  cmd->fallthrough();
  cmd->add_option("--interval", flags->interval,
                  "time between the two samples that give counter rates (0: one sample)")
      ->option_text("DURATION");
  cmd->add_flag("--brief", flags->brief, "summary and evidence only, no explanations");
  cmd->callback([&global, flags, &action] {
    action = [&global, flags] { return RunCheck(global, *flags); };
  });
  return cmd;
}

int RunDefaultCheck(const GlobalOptions& global) { return RunCheck(global, CheckFlags{}); }

}  // namespace sockscope::cli
