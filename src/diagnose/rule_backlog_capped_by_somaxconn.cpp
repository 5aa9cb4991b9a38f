// backlog-capped-by-somaxconn: a listener's accept queue max equals
// net.core.somaxconn, so listen()'s backlog was probably cut down to it.
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

namespace {
bool DropsGrew(const RuleContext& ctx, const model::Listener& l) {
  if (!ctx.previous || !l.drops_known) return false;
  for (const auto& p : ctx.previous->listeners)
    if (p.netns == l.netns && p.inode == l.inode && p.drops_known) return l.drops > p.drops;
  return false;
}
}  // namespace

void RuleBacklogCappedBySomaxconn(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& l : ctx.current.listeners) {
    if (!l.accept_queue_max_known) continue;
    const model::NetnsData* ns = ctx.current.FindNetns(l.netns);
    if (!ns || !ns->limits.somaxconn) continue;
    int64_t somaxconn = *ns->limits.somaxconn;
    if (static_cast<int64_t>(l.accept_queue_max) != somaxconn) continue;
    bool busy = l.Full() ||
                (l.accept_queue_len >= kAcceptQueueHighMinLen && l.Fill() >= kAcceptQueueHighFill);
    // Namespace-wide overflows count as pressure on this listener only when
    // its own drop counter grew too: an idle listener next to a full one is
    // not under pressure.
    bool pressure = busy || (ctx.OverflowsGrowing(*ns) && DropsGrew(ctx, l));
    if (somaxconn >= kSmallSomaxconn && !pressure) continue;
    Finding f = ListenerFinding("backlog-capped-by-somaxconn",
                                pressure ? Severity::kWarning : Severity::kInfo, l);
    f.summary = fmt::format(
        "the accept queue of {} is capped at net.core.somaxconn={}: {} may have asked for more",
        EndpointText(l.local), somaxconn, ListenerOwnerText(l, ctx.current));
    AddQueueEvidence(f, l);
    f.Add("somaxconn", somaxconn);
    f.Add("under_pressure", pressure);
    f.why =
        "listen() silently caps the backlog at net.core.somaxconn (per namespace; 128 before "
        "Linux 5.4, 4096 since). The cap is applied when listen() is called.";
    f.advice =
        "Raise net.core.somaxconn (sysctl, in this namespace) and make the application call "
        "listen() again (usually a restart): raising the sysctl alone does not change a "
        "listening socket. Check the application's own backlog setting too.";
    f.magnitude = pressure ? 2.0 : 1.0;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
