// syncookies-sent: TcpExt.SyncookiesSent grew between the two samples.
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {

void RuleSyncookiesSent(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& ns : ctx.current.namespaces) {
    auto sent = ctx.Delta(ns, model::counter::kTcpExtSyncookiesSent);
    if (!sent || *sent == 0) continue;
    Finding f;
    f.id = "syncookies-sent";
    f.severity = Severity::kWarning;
    f.netns = ns.inode;
    f.summary = fmt::format("{} SYN cookies sent in {:.1f}s ({:.1f}/s): a SYN queue overflowed",
                            *sent, ctx.Seconds(), ctx.Rate(*sent));
    f.Add("syncookies_sent", *sent);
    if (auto recv = ctx.Delta(ns, model::counter::kTcpExtSyncookiesRecv))
      f.Add("syncookies_recv", *recv);
    if (auto failed = ctx.Delta(ns, model::counter::kTcpExtSyncookiesFailed))
      f.Add("syncookies_failed", *failed);
    f.Add("interval_seconds", ctx.Seconds());
    f.Add("per_second", ctx.Rate(*sent));
    if (ns.limits.tcp_syncookies) f.Add("tcp_syncookies", *ns.limits.tcp_syncookies);
    f.why =
        "The kernel answers SYNs with cookies when a listener's SYN queue is full (or always "
        "with tcp_syncookies=2); the kernel logs \"Possible SYN flooding on port N\". A cookie "
        "connection keeps no request sock, so SYN-RECV counts (and syn-queue-pressure) "
        "undercount the real load, and without TCP timestamps such connections lose window "
        "scaling and SACK.";
    f.advice =
        "Find the listener under load (SYN-RECV counts, sockscope listeners) and raise its "
        "listen() backlog and net.ipv4.tcp_max_syn_backlog; if the SYNs come from a flood, "
        "cookies are doing their job: filter the sources upstream.";
    f.magnitude = static_cast<double>(*sent);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
