// orphan-sockets: sockets no process holds any more (closed, still sending
// FIN or data) near net.ipv4.tcp_max_orphans.
#include <fmt/format.h>

#include "diagnose/global_stat.h"
#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleOrphanSockets(const RuleContext& ctx, std::vector<Finding>& out) {
  const auto* ns = FirstNetnsWith(ctx.current, [](const model::NetnsData& n) {
    return n.sockstat.tcp_orphan && n.limits.tcp_max_orphans && *n.limits.tcp_max_orphans > 0;
  });
  if (!ns) return;
  uint64_t orphans = *ns->sockstat.tcp_orphan;
  int64_t max = *ns->limits.tcp_max_orphans;
  double share = static_cast<double>(orphans) / static_cast<double>(max);
  if (share <= kOrphanHighShare) return;
  Finding f;
  f.id = "orphan-sockets";
  f.severity = static_cast<int64_t>(orphans) >= max ? Severity::kCritical : Severity::kWarning;
  f.netns = ns->inode;
  f.summary = fmt::format("{} orphaned TCP sockets, {:.0f}% of net.ipv4.tcp_max_orphans={}",
                          orphans, share * 100, max);
  f.Add("orphans", orphans);
  f.Add("tcp_max_orphans", max);
  f.Add("share_percent", share * 100);
  f.Add("host_wide", true);
  f.why =
      "An orphan is a connection its process already closed while the kernel still sends "
      "queued data or waits for the peer's FIN (FIN-WAIT-1, LAST-ACK, CLOSING). Over "
      "tcp_max_orphans the kernel resets them at once (\"too many orphaned sockets\"), so "
      "peers lose the last data.";
  f.advice =
      "Find peers that do not acknowledge (sockscope ls state fin-wait-1), check for a flood "
      "of short connections; lower net.ipv4.tcp_orphan_retries or raise tcp_max_orphans if "
      "memory allows (about 64 KB each at worst).";
  f.magnitude = share / kOrphanHighShare;
  out.push_back(std::move(f));
}

}  // namespace sockscope::diagnose
