// connect-not-completing: outbound connections of one program to one
// destination stuck in SYN-SENT across both samples, their SYNs retransmitted:
// the destination (a backend, a database) does not answer, or a firewall drops
// the SYNs. The client side of what unaccepted-connections is on the server.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleConnectNotCompleting(const RuleContext& ctx, std::vector<Finding>& out) {
  // A connect in progress at one instant is normal; one still in progress a
  // whole interval later is not, so this needs two samples.
  if (!ctx.history.HasPrevious()) return;
  auto groups = GroupSockets(
      ctx.current,
      [&](const model::Socket& s) {
        if (s.proto != model::Proto::kTcp || s.state != model::State::kSynSent) return false;
        const model::Socket* before = ctx.history.Before(s);
        return before && before->state == model::State::kSynSent;
      },
      GroupBy::kProgramAndPeer);
  for (const auto& g : groups) {
    if (g.sockets.size() < kSynSentMin) continue;
    uint64_t retransmitting = 0;
    uint64_t retransmissions = 0;
    for (const auto* s : g.sockets) {
      if (!s->tcp_info) continue;
      uint32_t r = std::max(s->tcp_info->retransmits, s->tcp_info->total_retrans);
      if (r > 0) ++retransmitting;
      retransmissions += r;
    }
    if (retransmitting == 0) continue;
    Finding f;
    f.id = "connect-not-completing";
    f.severity = Severity::kWarning;
    f.summary = fmt::format(
        "{} connects from {} to {} have not completed for {:.1f}s (SYN retransmitted, no answer)",
        g.sockets.size(), g.Describe(), EndpointText(g.peer), ctx.Seconds());
    AddGroupEvidence(f, g);
    f.Add("syn_sent", uint64_t{g.sockets.size()});
    f.Add("retransmitting", retransmitting);
    f.Add("syn_retransmissions", retransmissions);
    f.Add("interval_seconds", ctx.Seconds());
    f.Add("example_local", EndpointText(g.sockets.front()->local));
    f.why =
        "A connect() sends a SYN and waits for the SYN-ACK; these stayed in SYN-SENT between "
        "the samples and their SYNs were retransmitted (after 1s, 3s, 7s, ...). The "
        "destination does not answer: it is down or overloaded without sending resets, a "
        "firewall or route drops the packets, or its SYN queue is full. The program's "
        "requests wait for its connect timeout.";
    f.advice = fmt::format(
        "Check {} from this host (is it up, does a firewall drop SYNs, is the route right; "
        "ping, tcpdump 'tcp[tcpflags] & tcp-syn != 0'). Give the client a short connect "
        "timeout and fail over to a healthy backend.",
        EndpointText(g.peer));
    f.magnitude = static_cast<double>(g.sockets.size()) / kSynSentMin;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
