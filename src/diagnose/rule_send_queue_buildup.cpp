// send-queue-buildup: data sent but not acknowledged (Send-Q) that made no
// progress between the two samples: the peer does not read, or the network
// does not deliver. A bulk transfer also keeps a large Send-Q, but its bytes
// are being acknowledged.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {
namespace {

bool Stalled(const RuleContext& ctx, const model::Socket& s) {
  bool connected = s.state == model::State::kEstablished || s.state == model::State::kCloseWait ||
                   s.state == model::State::kFinWait1;
  if (s.proto != model::Proto::kTcp || !connected || !s.send_q_known) return false;
  if (s.send_q < kSendQueueLargeBytes) return false;
  const model::Socket* before = ctx.history.Before(s);
  if (!before || before->send_q == 0) return false;
  if (auto acked = BytesAcked(*before, s)) return *acked == 0;
  return s.send_q >= before->send_q;  // no tcp_info: a queue that did not drain
}

}  // namespace

void RuleSendQueueBuildup(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!ctx.history.HasPrevious()) return;  // a verdict needs two samples
  auto groups = GroupSockets(ctx.current, [&](const model::Socket& s) { return Stalled(ctx, s); });
  for (const auto& g : groups) {
    uint64_t backing_off = 0;
    uint64_t total = 0;
    const model::Socket* top = g.sockets.front();
    for (const auto* s : g.sockets) {
      // backoff > 0: retransmission timeouts or zero-window probes without an
      // answer, i.e. the peer or the path is not taking data.
      if (s->tcp_info && s->tcp_info->backoff > 0) ++backing_off;
      total += s->send_q;
      if (s->send_q > top->send_q) top = s;
    }
    bool warn = g.sockets.size() >= kSendQueueManyMin || backing_off > 0;
    Finding f;
    f.id = "send-queue-buildup";
    f.severity = warn ? Severity::kWarning : Severity::kInfo;
    f.summary = fmt::format(
        "{} connections of {} have unacknowledged data queued and the peer acknowledged "
        "nothing in {:.1f}s (largest {} bytes)",
        g.sockets.size(), g.Describe(), ctx.Seconds(), top->send_q);
    AddGroupEvidence(f, g);
    f.Add("sockets_over_threshold", uint64_t{g.sockets.size()});
    f.Add("backing_off", backing_off);
    f.Add("max_send_q_bytes", uint64_t{top->send_q});
    f.Add("total_send_q_bytes", total);
    f.Add("interval_seconds", ctx.Seconds());
    f.Add("largest_local", EndpointText(top->local));
    f.Add("largest_peer", EndpointText(top->peer));
    f.why =
        "Send-Q of a connected socket is data sent but not yet acknowledged by the peer. "
        "Nothing of it was acknowledged between the samples: the peer application does not "
        "read (its receive window is closed) or the network loses the packets.";
    f.advice =
        "Look at the peers in the evidence: are they reading (their Recv-Q)? Check "
        "retransmissions (sockscope ls -i) and the path (packet loss, MTU). Writers should "
        "apply backpressure instead of buffering without bound.";
    f.magnitude = std::max(static_cast<double>(g.sockets.size()) / kSendQueueManyMin,
                           static_cast<double>(top->send_q) / kSendQueueLargeBytes);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
