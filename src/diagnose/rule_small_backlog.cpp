// small-backlog: an application asked for a small listen() backlog (below
// somaxconn, so it was not capped): 50 is Java's default, 128 an old habit.
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleSmallBacklog(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& l : ctx.current.listeners) {
    if (!l.accept_queue_max_known || l.accept_queue_max > kSmallBacklogMax) continue;
    const model::NetnsData* ns = ctx.current.FindNetns(l.netns);
    std::optional<int64_t> somaxconn = ns ? ns->limits.somaxconn : std::nullopt;
    // Equal to somaxconn: capped, reported by backlog-capped-by-somaxconn.
    if (somaxconn && static_cast<int64_t>(l.accept_queue_max) >= *somaxconn) continue;
    bool busy = l.Full() || l.Fill() >= kSmallBacklogBusyFill;
    Finding f = ListenerFinding("small-backlog", busy ? Severity::kWarning : Severity::kInfo, l);
    f.summary = fmt::format("{} listens on {} with a small backlog of {}{}",
                            ListenerOwnerText(l, ctx.current), EndpointText(l.local),
                            l.accept_queue_max, busy ? " and its queue is busy" : "");
    AddQueueEvidence(f, l);
    if (somaxconn) f.Add("somaxconn", *somaxconn);
    f.Add("busy", busy);
    f.why =
        "The accept queue max is the backlog the application passed to listen() (capped by "
        "somaxconn). A small queue overflows on the first burst of connections (Java's "
        "ServerSocket defaults to 50).";
    f.advice =
        "Configure a larger backlog in the application (e.g. the backlog argument of "
        "ServerSocket, nginx 'listen ... backlog=', the server's accept-count option); it "
        "takes effect at the next listen().";
    f.magnitude = busy ? 1.0 + l.Fill() : 1.0;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
