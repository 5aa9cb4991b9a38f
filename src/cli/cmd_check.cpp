// sockscope check (the default command): sample twice, run every rule, print
// findings worst first; the exit code says how bad it is.
#include <algorithm>
#include <iterator>
#include <memory>
#include <string_view>
#include <thread>
#include <unordered_set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/exit_policy.h"
#include "cli/output.h"
#include "cli/sampling.h"
#include "collect/region_refresh.h"
#include "diagnose/diagnose.h"
#include "diagnose/progress_region.h"
#include "diagnose/thresholds.h"
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

// A re-read of a region's TCP sockets, every state.
collect::CollectOptions RegionLook(const collect::CollectOptions& full, model::SocketRegion region,
                                   bool tcp_info) {
  collect::CollectOptions o = full;
  o.selection.udp = false;
  o.selection.tcp_states = model::kAllStates;
  o.selection.tcp_region = std::make_shared<const model::SocketRegion>(std::move(region));
  o.tcp_info = tcp_info;
  o.counters = false;
  o.listeners = false;
  o.memory = false;
  return o;
}

// The second sample outside the regions: listeners (their queues change from
// one instant to the next), UDP and the counters, without tcp_info.
collect::CollectOptions ListenerLook(const collect::CollectOptions& full) {
  collect::CollectOptions o = full;
  o.selection.tcp_states = kListenerStates;
  o.tcp_info = false;
  o.listeners = false;
  return o;
}

void ReRead(const EnvironmentHolder& env, const collect::CollectOptions& look,
            base::TimeBudget& budget, model::Snapshot& into) {
  collect::MergeRefresh(into, CollectWithin(env, look, budget), look.selection);
}

// The client groups of `groups` that gained connections since `before`.
model::SocketRegion GrownGroups(const model::SocketRegion& groups, const model::Snapshot& before,
                                const model::Snapshot& now) {
  std::unordered_set<uint64_t> earlier;
  for (const auto& s : before.sockets)
    if (s.cookie) earlier.insert(s.cookie);
  model::SocketRegion grown;
  for (const auto& term : groups.terms) {
    uint32_t size = 0;
    bool opened = false;
    for (const auto& s : now.sockets) {
      if (s.proto != model::Proto::kTcp || !model::SocketRegion::TermMatches(term, s)) continue;
      ++size;
      opened |= s.cookie != 0 && earlier.count(s.cookie) == 0;
    }
    if (opened && size >= diagnose::kPileUpMin) grown.terms.push_back(term);
  }
  return grown;
}

// Two samples costing one full dump plus small ones (docs/performance.md):
// the first sample reads every socket without tcp_info; the sockets the
// progress rules judge one by one (diagnose::ProgressRegion) are re-read with
// tcp_info right away and again after the interval, with the listeners, UDP
// and counters; client groups that could pile up are re-read after the
// interval, with tcp_info only where they grew. Sockets outside the regions
// keep their first-sample values: nothing about them is judged on progress,
// and the one-instant rules (TIME-WAIT, port range) do not change verdict
// over one interval.
Samples TakeCheckSamples(const EnvironmentHolder& env, const collect::CollectOptions& full,
                         std::chrono::nanoseconds interval, base::TimeBudget& budget) {
  if (interval.count() == 0) return TakeSamples(env, full, full, interval, budget);
  collect::CollectOptions first_options = full;
  first_options.tcp_info = false;
  model::Snapshot first = CollectWithin(env, first_options, budget);
  auto regions = diagnose::ProgressRegion(first);
  if (!regions) {
    // Too many candidates for small re-reads: two full samples.
    collect::CollectOptions progress = full;
    progress.selection.tcp_states = kProgressStates;
    return TakeSamples(env, progress, full, interval, budget);
  }
  const auto socket_look = RegionLook(full, regions->sockets, true);
  Samples samples;
  ReRead(env, socket_look, budget, first);
  samples.previous = std::move(first);
  std::this_thread::sleep_until(samples.previous->monotonic_at + interval);
  model::Snapshot& current = samples.current;
  current = *samples.previous;
  ReRead(env, ListenerLook(full), budget, current);
  if (!regions->client_groups.terms.empty()) {
    ReRead(env, RegionLook(full, regions->client_groups, false), budget, current);
    auto grown = GrownGroups(regions->client_groups, *samples.previous, current);
    if (!grown.terms.empty())
      ReRead(env, RegionLook(full, std::move(grown), true), budget, current);
  }
  // Last, so the sockets judged one by one carry this re-read's tcp_info.
  ReRead(env, socket_look, budget, current);
  samples.seconds =
      std::chrono::duration<double>(current.monotonic_at - samples.previous->monotonic_at).count();
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
