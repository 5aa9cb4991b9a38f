// accept-queue-high: a listener's accept queue is nearly full (but not yet
// full: accept-queue-full reports that).
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleAcceptQueueHigh(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& l : ctx.current.listeners) {
    if (!l.accept_queue_max_known || l.Full() || l.accept_queue_max == 0) continue;
    if (l.accept_queue_len < kAcceptQueueHighMinLen || l.Fill() < kAcceptQueueHighFill) continue;
    Finding f = ListenerFinding("accept-queue-high", Severity::kWarning, l);
    f.summary = fmt::format("accept queue of {} is {:.0f}% full ({} of {}), held by {}",
                            EndpointText(l.local), l.Fill() * 100, l.accept_queue_len,
                            l.accept_queue_max, ListenerOwnerText(l, ctx.current));
    AddQueueEvidence(f, l);
    f.Add("fill_percent", l.Fill() * 100);
    f.why =
        "Connections are arriving faster than the application accepts them. When the queue "
        "passes its max the kernel starts dropping handshakes (TcpExt.ListenOverflows).";
    f.advice =
        "Check that the application's accept loop keeps up (workers, CPU, blocking calls). If "
        "the load is bursty, a larger listen() backlog (and net.core.somaxconn) absorbs bursts.";
    f.magnitude = l.Fill() / kAcceptQueueHighFill;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
