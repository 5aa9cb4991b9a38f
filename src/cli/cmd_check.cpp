// sockscope check (the default command): sample twice, run every rule, print
// findings worst first; the exit code says how bad it is.
#include <algorithm>
#include <array>
#include <iterator>
#include <memory>
#include <string_view>
#include <thread>
#include <tuple>

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
  o.every_counter = false;  // the rules read only the named ones
  o.listeners = true;
  o.memory = true;  // listener and UDP socket drops (sk_drops), UDP receive buffers
  o.tcp_connection_memory = false;
  o.tcp_info = true;      // progress between samples: bytes received/acked, retransmits, idle ages
  o.tcp_one_walk = true;  // nothing here prints sockets in dump order
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

// LISTEN alone: the kernel then reads only its listening hash, not every
// connection (a dump with any other state walks all of them, about 50 ms per
// family at 100k sockets). SYN-RECV entries of listeners that had anything
// queued come with the region; a quiet listener keeps its first-sample count.
constexpr model::StateMask kListenerStates = model::StateBit(model::State::kListen);

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

// The second sample outside the regions: listening sockets (their queues
// change from one instant to the next), UDP and the counters, no tcp_info.
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

// The client groups of `groups` that gained connections: `fresh` is their
// re-read, `before` the first sample. Client group terms are peer-only, one
// per destination, so a socket belongs to at most one.
model::SocketRegion GrownGroups(const model::SocketRegion& groups, const model::Snapshot& before,
                                const model::Snapshot& fresh) {
  std::vector<uint64_t> earlier;  // cookies of the groups' sockets in the first sample
  for (const auto& s : before.sockets)
    if (s.cookie && groups.Matches(s)) earlier.push_back(s.cookie);
  std::sort(earlier.begin(), earlier.end());
  const auto& terms = groups.terms();
  using Key = std::tuple<uint64_t, model::Family, std::array<uint8_t, 16>, uint16_t>;
  auto key = [](uint64_t netns, model::Family family, const model::Endpoint& e) {
    return Key{netns, family, e.addr.bytes, e.port};
  };
  std::vector<std::pair<Key, size_t>> index;
  for (size_t i = 0; i < terms.size(); ++i)
    if (terms[i].peer) index.emplace_back(key(terms[i].netns, terms[i].family, *terms[i].peer), i);
  std::sort(index.begin(), index.end());
  std::vector<uint32_t> size(terms.size(), 0);
  std::vector<bool> opened(terms.size(), false);
  for (const auto& s : fresh.sockets) {
    const Key k = key(s.netns, s.family, s.peer);
    auto it = std::lower_bound(index.begin(), index.end(), k,
                               [](const auto& entry, const Key& x) { return entry.first < x; });
    if (it == index.end() || it->first != k) continue;
    ++size[it->second];
    if (s.cookie != 0 && !std::binary_search(earlier.begin(), earlier.end(), s.cookie))
      opened[it->second] = true;
  }
  std::vector<model::RegionTerm> grown;
  for (size_t i = 0; i < terms.size(); ++i)
    if (opened[i] && size[i] >= diagnose::kPileUpMin) grown.push_back(terms[i]);
  return model::SocketRegion(std::move(grown));
}

// The first sample as the rules compare it with the second: the sockets of
// the regions, listening sockets and UDP, with the first sample's listeners,
// counters and sources. The region's sockets are moved out of `first`, not
// copied (50k sockets at 100k): every one of them is re-read after the
// interval, and the merge of that re-read would drop the old copy anyway.
// The other sockets are the same objects in both samples (not re-read), so
// nothing could be judged from them and they are left out.
model::Snapshot SplitOffWhatProgressIsJudgedOn(model::Snapshot& first,
                                               const diagnose::ProgressRegions& regions) {
  model::Snapshot previous;
  previous.taken_at = first.taken_at;
  previous.monotonic_at = first.monotonic_at;
  previous.tcp_states = first.tcp_states;
  previous.source = first.source;
  previous.namespaces = first.namespaces;
  previous.sources = first.sources;
  previous.notes = first.notes;
  previous.listeners = first.listeners;
  auto in_region = [&](const model::Socket& s) {
    return s.proto == model::Proto::kTcp && s.state != model::State::kListen && regions.Matches(s);
  };
  // Reserved, not touched: only what is moved costs memory.
  previous.sockets.reserve(first.sockets.size());
  auto& sockets = first.sockets;
  size_t kept = 0;
  for (size_t i = 0; i < sockets.size(); ++i) {
    model::Socket& s = sockets[i];
    if (in_region(s)) {
      previous.sockets.push_back(std::move(s));
      continue;
    }
    // Listening sockets and UDP: copied, the look of the second sample may
    // not ask for all of them.
    if (s.proto != model::Proto::kTcp || s.state == model::State::kListen)
      previous.sockets.push_back(s);
    if (kept != i) sockets[kept] = std::move(s);
    ++kept;
  }
  sockets.erase(sockets.begin() + static_cast<std::ptrdiff_t>(kept), sockets.end());
  return previous;
}

model::SocketRegion Union(const model::SocketRegion& a, const model::SocketRegion& b) {
  std::vector<model::RegionTerm> terms = a.terms();
  terms.insert(terms.end(), b.terms().begin(), b.terms().end());
  return model::SocketRegion(std::move(terms));
}

// Two samples costing one full dump plus small ones (docs/performance.md):
// the first sample reads every socket without tcp_info. Of the region the
// progress rules judge (diagnose::ProgressRegion), the sockets whose tcp_info
// is compared are re-read with it at once; after the interval the listeners,
// UDP and counters are read again, then the sockets judged by identity and
// the client groups that could pile up in one dump without tcp_info, then
// the compared sockets and the groups that grew in one dump with it. Every
// dump of connections walks the whole table in the kernel (about 50 ms per
// family at 100k), so parts are joined and empty ones skipped. Sockets
// outside the regions keep their first-sample values: nothing about them is
// judged on progress, and the one-instant rules (TIME-WAIT, port range) do
// not change verdict over one interval.
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
  Samples samples;
  if (!regions->with_info.empty())
    ReRead(env, RegionLook(full, regions->with_info, true), budget, first);
  samples.previous = SplitOffWhatProgressIsJudgedOn(first, *regions);
  std::this_thread::sleep_until(samples.previous->monotonic_at + interval);
  model::Snapshot& current = samples.current;
  current = std::move(first);
  ReRead(env, ListenerLook(full), budget, current);
  model::SocketRegion with_info = regions->with_info;
  const model::SocketRegion identities = Union(regions->by_identity, regions->client_groups);
  if (!identities.empty()) {
    const auto identity_look = RegionLook(full, identities, false);
    model::Snapshot fresh = CollectWithin(env, identity_look, budget);
    if (!regions->client_groups.empty())
      with_info = Union(with_info, GrownGroups(regions->client_groups, *samples.previous, fresh));
    collect::MergeRefresh(current, std::move(fresh), identity_look.selection);
  }
  // Last, so the sockets judged one by one carry this re-read's tcp_info.
  if (!with_info.empty())
    ReRead(env, RegionLook(full, std::move(with_info), true), budget, current);
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

  const model::Snapshot* previous = samples.previous ? &*samples.previous : nullptr;
  const diagnose::SocketHistory history(previous);  // shared by both passes below
  diagnose::DiagnoseInput input{previous, samples.current, std::chrono::nanoseconds(0), &history};
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
