// backlog-capped-by-somaxconn: a listener's accept queue max equals
// net.core.somaxconn, so listen()'s backlog was probably cut down to it.
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleBacklogCappedBySomaxconn(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& l : ctx.current.listeners) {
    if (!l.accept_queue_max_known) continue;
    const model::NetnsData* ns = ctx.current.FindNetns(l.netns);
    if (!ns || !ns->limits.somaxconn) continue;
    int64_t somaxconn = *ns->limits.somaxconn;
    if (static_cast<int64_t>(l.accept_queue_max) != somaxconn) continue;
    bool busy = l.Full() ||
                (l.accept_queue_len >= kAcceptQueueHighMinLen && l.Fill() >= kAcceptQueueHighFill);
    bool pressure = busy || ctx.OverflowsGrowing(*ns);
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
