// sockscope check (the default command): sample twice, run every rule, print
// findings worst first; the exit code says how bad it is.
#include <algorithm>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/exit_policy.h"
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
  o.selection.tcp = true;
  o.selection.tcp_states = model::kAllStates;
  o.selection.udp = true;  // udp-receive-drops: per-socket drops (sk_drops) need memory info
  o.counters = true;
  o.listeners = true;
  o.memory = true;    // listener and UDP socket drops (sk_drops), UDP receive buffers
  o.tcp_info = true;  // progress between samples: bytes received/acked, retransmits, idle ages
  return o;
}

// The first sample is compared socket by socket with the second, so it needs
// tcp_info for the states whose progress the rules judge. TIME-WAIT and the
// other closing states (often most sockets of a busy server) are judged from
// the second sample alone and are left out of the first.
constexpr model::StateMask kProgressStates =
    model::StateBit(model::State::kEstablished) | model::StateBit(model::State::kSynSent) |
    model::StateBit(model::State::kSynRecv) | model::StateBit(model::State::kListen) |
    model::StateBit(model::State::kCloseWait) | model::StateBit(model::State::kFinWait1);

// Findings about a listener or a group of sockets name the owning processes.
bool NamesProcesses(const diagnose::Finding& f) {
  static constexpr std::string_view kGroupFindings[] = {
      "close-wait-buildup",     "recv-queue-buildup",    "send-queue-buildup",
      "connect-not-completing", "connections-piling-up", "udp-receive-drops"};
  return f.listener.has_value() || std::find(std::begin(kGroupFindings), std::end(kGroupFindings),
                                             f.id) != std::end(kGroupFindings);
}

// With one sample nothing shows progress: say which verdicts were not given.
model::Note OneSampleNote() {
  return model::Note{
      model::NoteLevel::kInfo, "check",
      "one sample (--interval 0): verdicts on progress (unread or unacknowledged data, "
      "connections waiting for accept(), CLOSE-WAIT, connects, UDP drops, counter growth) need "
      "two samples and were not given"};
}

int RunCheck(const GlobalOptions& global, const CheckFlags& flags) {
  SampledRun run = PrepareSampledRun(global, flags.interval);
  if (run.failed_exit != 0) return run.failed_exit;
  const EnvironmentHolder& env = *run.env;
  collect::CollectOptions full = CheckCollectOptions(global);
  collect::CollectOptions first = full;
  first.selection.tcp_states = kProgressStates;
  base::TimeBudget budget(global.timeout);
  Samples samples = TakeSamples(env, first, full, run.interval, budget);
  if (!samples.previous) samples.current.notes.push_back(OneSampleNote());

  diagnose::DiagnoseInput input{samples.previous ? &*samples.previous : nullptr, samples.current,
                                std::chrono::nanoseconds(0)};
  auto findings = diagnose::Diagnose(input);
  // The owner walk (every /proc/PID/fd) costs more than everything else on a
  // busy machine; it is only needed to name the processes behind findings,
  // so a healthy machine never pays for it.
  if (std::any_of(findings.begin(), findings.end(), NamesProcesses)) {
    collect::CollectOptions owners = full;
    owners.deadline = budget.Start();
    collect::AddOwners(env.env(), owners, samples.current);
    budget.Stop();
    findings = diagnose::Diagnose(input);
  }

  std::string out;
  if (global.output == OutputFormat::kTable) {
    render::FindingsView view;
    view.color = UseColor(global);
    view.verbose = !flags.brief;
    render::RenderFindingsText(findings, samples.current.notes, view, out);
  } else {
    render::RenderFindingsJson(findings, samples.current, out);
  }
  if (WriteStdout(out) == WriteStatus::kFailed) return kExitOutputFailed;
  return ExitCodeForCheck(samples.current, findings);
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
