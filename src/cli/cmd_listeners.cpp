// sockscope listeners: one row per listening socket with its accept queue,
// half-open and unaccepted children, drops and owners.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/exit_policy.h"
#include "cli/output.h"
#include "cli/sampling.h"
#include "collect/deltas.h"
#include "model/counter_keys.h"
#include "render/listener_render.h"
#include "render/socket_json.h"

namespace sockscope::cli {
namespace {

struct ListenersFlags {
  std::string interval = "0";
  bool no_header = false;
};

int RunListeners(const GlobalOptions& global, const ListenersFlags& flags) {
  SampledRun run = PrepareSampledRun(global, flags.interval);
  if (run.failed_exit != 0) return run.failed_exit;
  const EnvironmentHolder& env = *run.env;
  collect::CollectOptions o;
  ApplyGlobal(global, o);
  // Only listeners and half-open requests, filtered in the kernel: unaccepted
  // children are the accept queue itself (collect/listeners.cpp), so the
  // ESTABLISHED table, which dwarfs everything on a busy server, is skipped.
  o.selection.tcp_states =
      model::StateBit(model::State::kListen) | model::StateBit(model::State::kSynRecv);
  o.memory = true;
  o.listeners = true;
  o.tcp_one_walk = true;  // listeners are sorted, not printed in dump order
  o.counters = run.interval.count() > 0;
  collect::CollectOptions first = o;
  o.owners = true;
  o.owner_details = false;  // no diagnosis here
  base::TimeBudget budget(global.timeout);
  Samples samples = TakeSamples(env, first, o, run.interval, budget);

  auto listeners = samples.current.listeners;
  render::ListenerDeltas deltas;
  if (samples.previous) {
    deltas.present = true;
    deltas.seconds = samples.seconds;
    std::unordered_map<uint64_t, uint32_t> before;
    for (const auto& l : samples.previous->listeners)
      before[l.cookie ? l.cookie : l.inode] = l.drops;
    for (const auto& l : listeners) {
      auto it = before.find(l.cookie ? l.cookie : l.inode);
      deltas.drops.push_back(it != before.end() && l.drops >= it->second ? l.drops - it->second
                                                                         : 0);
    }
    // Summed over the namespaces visited (one without -N).
    auto counter = [&](std::string_view key) {
      return collect::CounterGrowth(*samples.previous, samples.current, key).value_or(0);
    };
    deltas.listen_overflows = counter(model::counter::kTcpExtListenOverflows);
    deltas.listen_drops = counter(model::counter::kTcpExtListenDrops);
  }
  // Worst first: fullest queue, then most half-open, then by port.
  std::vector<size_t> order(listeners.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& x = listeners[a];
    const auto& y = listeners[b];
    if (x.Fill() != y.Fill()) return x.Fill() > y.Fill();
    if (x.syn_recv != y.syn_recv) return x.syn_recv > y.syn_recv;
    if (x.local.port != y.local.port) return x.local.port < y.local.port;
    // IPv4 before IPv6, then by address: the kernel's dump order (hash
    // order, both families in one walk) is no order.
    if (x.local.addr.family != y.local.addr.family)
      return x.local.addr.family < y.local.addr.family;
    return x.local.addr.bytes < y.local.addr.bytes;
  });
  std::vector<model::Listener> sorted;
  render::ListenerDeltas sorted_deltas = deltas;
  sorted_deltas.drops.clear();
  for (size_t i : order) {
    sorted.push_back(listeners[i]);
    if (deltas.present) sorted_deltas.drops.push_back(deltas.drops[i]);
  }

  std::string out;
  const render::NetnsIdentity identity(UsesNetns(global) ? &samples.current.namespaces : nullptr);
  if (global.output == OutputFormat::kTable) {
    render::RenderListenersTable(sorted, sorted_deltas, !flags.no_header, identity, out);
    if (WriteStdout(out) == WriteStatus::kFailed) return kExitOutputFailed;
    for (const auto& n : samples.current.notes)
      if (n.level != model::NoteLevel::kInfo) PrintError(render::NoteText(n));
  } else {
    render::RenderListenersJson(sorted, sorted_deltas, samples.current, identity, out);
    if (WriteStdout(out) == WriteStatus::kFailed) return kExitOutputFailed;
  }
  return ExitCodeForListing(samples.current);
}

}  // namespace

CLI::App* AddListenersCommand(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<ListenersFlags>();
  CLI::App* cmd = app.add_subcommand(
      "listeners", "One row per listening socket: accept queue, SYN-RECV, unaccepted, drops");
  cmd->fallthrough();
  cmd->add_option("--interval", flags->interval, "also show drops and overflows over this time")
      ->option_text("DURATION");
  cmd->add_flag("-H,--no-header", flags->no_header, "no header line");
  cmd->callback([&global, flags, &action] {
    action = [&global, flags] { return RunListeners(global, *flags); };
  });
  return cmd;
}

}  // namespace sockscope::cli
