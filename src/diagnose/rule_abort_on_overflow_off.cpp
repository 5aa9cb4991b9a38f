// abort-on-overflow-off: explains, while overflows are happening, that with
// net.ipv4.tcp_abort_on_overflow = 0 (the default) they are silent to clients.
#include <fmt/format.h>

#include "diagnose/overflow_effect.h"
#include "diagnose/rules.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {

void RuleAbortOnOverflowOff(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& ns : ctx.current.namespaces) {
    if (!ns.limits.tcp_abort_on_overflow || *ns.limits.tcp_abort_on_overflow != 0) continue;
    if (!ctx.AcceptQueueOverflowed(ns)) continue;  // only when something overflowed
    Finding f;
    f.id = "abort-on-overflow-off";
    f.severity = Severity::kInfo;
    f.netns = ns.inode;
    f.summary =
        "accept queues overflow silently: clients are not told (tcp_abort_on_overflow=0) and "
        "see timeouts instead of errors";
    f.Add("tcp_abort_on_overflow", *ns.limits.tcp_abort_on_overflow);
    if (auto d = ctx.Delta(ns, model::counter::kTcpExtListenOverflows))
      f.Add("listen_overflows", *d);
    f.why = OverflowEffect(0) +
            " This is the kernel default: it lets a short burst pass, because the client "
            "retransmits and a later ACK may find room in the queue.";
    f.advice =
        "Usually keep 0 and fix the slow accept. Set net.ipv4.tcp_abort_on_overflow=1 only if "
        "clients should fail fast with a reset instead of waiting (it turns every overflow "
        "into an error).";
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
