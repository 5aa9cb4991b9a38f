// time-wait-pressure: TIME-WAIT sockets near net.ipv4.tcp_max_tw_buckets.
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {

void RuleTimeWaitPressure(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& ns : ctx.current.namespaces) {
    auto tw = ns.sockstat.tcp_tw;
    auto max = ns.limits.tcp_max_tw_buckets;
    auto overflow = ctx.Delta(ns, model::counter::kTcpExtTCPTimeWaitOverflow).value_or(0);
    if (!tw || !max || *max <= 0) continue;
    double share = static_cast<double>(*tw) / static_cast<double>(*max);
    if (share <= kTimeWaitHighShare && overflow == 0) continue;
    bool full = static_cast<int64_t>(*tw) >= *max || overflow > 0;
    Finding f;
    f.id = "time-wait-pressure";
    f.severity = full ? Severity::kCritical : Severity::kWarning;
    f.netns = ns.inode;
    f.summary = fmt::format("{} TIME-WAIT sockets, {:.0f}% of net.ipv4.tcp_max_tw_buckets={}", *tw,
                            share * 100, *max);
    f.Add("time_wait", *tw);
    f.Add("tcp_max_tw_buckets", *max);
    f.Add("share_percent", share * 100);
    if (overflow > 0) f.Add("time_wait_overflow", overflow);
    f.why =
        "The side that closes a connection first keeps it in TIME-WAIT for 60s. At "
        "tcp_max_tw_buckets the kernel stops keeping new ones (\"TCP: time wait bucket table "
        "overflow\", TcpExt.TCPTimeWaitOverflow), which risks old duplicate segments reaching "
        "new connections. Many short connections to the same peers also exhaust ports.";
    f.advice =
        "Reuse connections (HTTP keep-alive, connection pools) instead of opening one per "
        "request; let clients close first where possible; net.ipv4.tcp_tw_reuse=1 helps "
        "outgoing connections. Raising tcp_max_tw_buckets costs little memory.";
    f.magnitude = share / kTimeWaitHighShare;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
