// listen-overflows: TcpExt.ListenOverflows / ListenDrops grew between the two
// samples of one namespace. Every overflow also counts as a drop; drops also
// count SYNs dropped for other reasons (no memory, a listener closing).
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/overflow_effect.h"
#include "diagnose/rules.h"
#include "diagnose/thresholds.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {
namespace {

// The listener of `netns` most likely to overflow: the fullest one whose
// queue is full or high. Counters do not say which listener overflowed.
const model::Listener* LikelyListener(const RuleContext& ctx, uint64_t netns) {
  const model::Listener* best = nullptr;
  for (const auto& l : ctx.current.listeners) {
    if (l.netns != netns || !l.accept_queue_max_known) continue;
    if (!l.Full() && l.Fill() < kAcceptQueueHighFill) continue;
    if (!best || l.Fill() > best->Fill()) best = &l;
  }
  return best;
}

const char* kWhy =
    "ListenOverflows counts handshakes completed while a listener's accept queue was full: "
    "the kernel could not queue the new connection. ";

}  // namespace

void RuleListenOverflows(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& ns : ctx.current.namespaces) {
    if (!ns.counters_ok) continue;
    Finding f;
    f.id = "listen-overflows";
    f.netns = ns.inode;
    if (ctx.Previous(ns)) {
      auto overflows = ctx.Delta(ns, model::counter::kTcpExtListenOverflows);
      auto drops = ctx.Delta(ns, model::counter::kTcpExtListenDrops);
      uint64_t worst = std::max(overflows.value_or(0), drops.value_or(0));
      if (worst == 0) continue;
      f.severity = Severity::kCritical;
      f.summary = fmt::format(
          "{} connection attempts overflowed or were dropped by listeners in {:.1f}s ({:.1f}/s)",
          worst, ctx.Seconds(), ctx.Rate(worst));
      if (overflows) f.Add("listen_overflows", *overflows);
      if (drops) f.Add("listen_drops", *drops);
      f.Add("interval_seconds", ctx.Seconds());
      f.Add("per_second", ctx.Rate(worst));
      f.magnitude = static_cast<double>(worst);
    } else {
      // A single sample: totals since boot (or since the namespace was
      // created) say that it happened once, not that it is happening.
      uint64_t overflows = ns.counters.Get(model::counter::kTcpExtListenOverflows).value_or(0);
      uint64_t drops = ns.counters.Get(model::counter::kTcpExtListenDrops).value_or(0);
      uint64_t worst = std::max(overflows, drops);
      if (worst == 0) continue;
      f.severity = Severity::kInfo;
      f.summary = fmt::format(
          "listeners overflowed or dropped {} connection attempts since boot or namespace "
          "creation (one sample: not known whether it is still happening)",
          worst);
      f.Add("listen_overflows_total", overflows);
      f.Add("listen_drops_total", drops);
    }
    if (ns.limits.tcp_abort_on_overflow) {
      f.Add("tcp_abort_on_overflow", *ns.limits.tcp_abort_on_overflow);
    }
    if (const auto* l = LikelyListener(ctx, ns.inode)) {
      f.Add("likely_listener", EndpointText(l->local));
      f.listener = *l;
      f.processes = DistinctProcesses(l->owners);
    }
    f.why = std::string(kWhy) + OverflowEffect(ns.limits.tcp_abort_on_overflow);
    f.advice =
        "Find the listener whose accept queue fills (sockscope listeners, accept-queue-* "
        "findings) and why its application does not accept fast enough; raise its listen() "
        "backlog and net.core.somaxconn for bursts. Take two samples (--interval) to see "
        "whether it is still happening.";
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
