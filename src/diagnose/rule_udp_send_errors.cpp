// udp-send-errors: Udp.SndbufErrors (and Udp6's) grew between the two
// samples: sends that failed for lack of buffer space (ENOBUFS, ENOMEM),
// which a sender that ignores sendto()'s result loses silently.
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {

void RuleUdpSendErrors(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& ns : ctx.current.namespaces) {
    auto v4 = ctx.Delta(ns, model::counter::kUdpSndbufErrors);
    auto v6 = ctx.Delta(ns, model::counter::kUdp6SndbufErrors);
    const uint64_t errors = v4.value_or(0) + v6.value_or(0);
    if (errors == 0) continue;  // also: one sample, or counters unreadable
    Finding f;
    f.id = "udp-send-errors";
    f.severity = Severity::kWarning;
    f.netns = ns.inode;
    f.summary = fmt::format(
        "{} UDP sends failed for lack of buffer space in {:.1f}s ({:.1f}/s): datagrams lost "
        "before they left this host",
        errors, ctx.Seconds(), ctx.Rate(errors));
    f.Add("udp_sndbuf_errors", v4.value_or(0));
    f.Add("udp6_sndbuf_errors", v6.value_or(0));
    f.Add("interval_seconds", ctx.Seconds());
    f.Add("per_second", ctx.Rate(errors));
    f.why =
        "The kernel counts a UDP send that fails for want of socket or system memory (ENOBUFS, "
        "ENOMEM, or a send buffer full while the socket did not wait) in SndbufErrors. The "
        "datagram is gone; an application that ignores sendto()'s result (common for metrics "
        "and logging over UDP) never knows. Unlike receive drops, no socket can be named: "
        "the kernel keeps no per-socket count of failed sends.";
    f.advice =
        "Find the sender (sockscope ls -uanp -m: UDP sockets with a full Send-Q / wmem), raise "
        "its SO_SNDBUF or net.core.wmem_default, slow its send rate, and check "
        "net.ipv4.udp_mem and memory pressure (tcp-memory-pressure, sockstat).";
    f.magnitude = static_cast<double>(errors);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
