// sockscope check (the default command): sample twice, run every rule, print
// findings worst first; the exit code says how bad it is.
#include <algorithm>
#include <iterator>
#include <memory>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/exit_policy.h"
#include "cli/output.h"
#include "cli/sampling.h"
#include "collect/region_refresh.h"
#include "diagnose/diagnose.h"
#include "diagnose/progress_region.h"
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

// Without a region (too many candidates), the first sample is compared
// socket by socket with the second, so it needs tcp_info for the states whose
// progress the rules judge. TIME-WAIT and the other closing states (often
// most sockets of a busy server) are judged from the second sample alone.
constexpr model::StateMask kProgressStates =
    model::StateBit(model::State::kEstablished) | model::StateBit(model::State::kSynSent) |
    model::StateBit(model::State::kSynRecv) | model::StateBit(model::State::kListen) |
    model::StateBit(model::State::kCloseWait) | model::StateBit(model::State::kFinWait1);

constexpr model::StateMask kListenerStates =
    model::StateBit(model::State::kListen) | model::StateBit(model::State::kSynRecv);

// A re-read of the region's TCP sockets, every state, with tcp_info.
collect::CollectOptions RegionLook(const collect::CollectOptions& full,
                                   std::shared_ptr<const model::SocketRegion> region) {
  collect::CollectOptions o = full;
  o.selection.udp = false;
  o.selection.tcp_states = model::kAllStates;
  o.selection.tcp_region = std::move(region);
  o.counters = false;
  o.listeners = false;
  o.memory = false;
  return o;
}

// The second sample outside the region: listeners (their queues change from
// one instant to the next), UDP and the counters, without tcp_info.
collect::CollectOptions ListenerLook(const collect::CollectOptions& full) {
  collect::CollectOptions o = full;
  o.selection.tcp_states = kListenerStates;
  o.tcp_info = false;
  o.listeners = false;
  return o;
}

// Two samples costing one full dump plus small ones (docs/performance.md):
// the first sample reads every socket without tcp_info; the sockets the
// progress rules judge (diagnose::ProgressRegion) are re-read with tcp_info
// right away and again after the interval, together with the listeners, UDP
// and counters. Sockets outside the region keep their first-sample values in
// the second: nothing about them is judged on progress, and the one-instant
// rules (TIME-WAIT, port range) do not change verdict over one interval.
Samples TakeCheckSamples(const EnvironmentHolder& env, const collect::CollectOptions& full,
                         std::chrono::nanoseconds interval, base::TimeBudget& budget) {
  collect::CollectOptions first_options = full;
  if (interval.count() == 0) return TakeSamples(env, full, full, interval, budget);
  first_options.tcp_info = false;
  model::Snapshot first = CollectWithin(env, first_options, budget);
  auto region = diagnose::ProgressRegion(first);
  if (!region) {
    // Too many candidates for a small re-read: two full samples.
    collect::CollectOptions progress = full;
    progress.selection.tcp_states = kProgressStates;
    return TakeSamples(env, progress, full, interval, budget);
  }
  auto shared = std::make_shared<const model::SocketRegion>(std::move(*region));
  const collect::CollectOptions region_look = RegionLook(full, shared);
  const collect::CollectOptions listener_look = ListenerLook(full);
  Samples samples;
  collect::MergeRefresh(first, CollectWithin(env, region_look, budget), region_look.selection);
  samples.previous = std::move(first);
  std::this_thread::sleep_until(samples.previous->monotonic_at + interval);
  samples.current = *samples.previous;
  collect::MergeRefresh(samples.current, CollectWithin(env, listener_look, budget),
                        listener_look.selection);
  collect::MergeRefresh(samples.current, CollectWithin(env, region_look, budget),
                        region_look.selection);
  samples.seconds =
      std::chrono::duration<double>(samples.current.monotonic_at - samples.previous->monotonic_at)
          .count();
  return samples;
}

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
  base::TimeBudget budget(global.timeout);
  Samples samples = TakeCheckSamples(env, full, run.interval, budget);
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
