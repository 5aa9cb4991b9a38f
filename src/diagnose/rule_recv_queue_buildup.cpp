// recv-queue-buildup: connections whose application read nothing between the
// two samples while data waited in their receive queue (Recv-Q), per program.
// A busy reader always has some unread bytes at one instant; what tells a
// stalled reader from a busy one is progress, so this needs two samples.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {
namespace {

// Data waited in both samples and the application took none of it. Without
// tcp_info (the /proc source) a queue that did not shrink is the best sign.
bool ReadNothing(const RuleContext& ctx, const model::Socket& s) {
  if (s.proto != model::Proto::kTcp || s.state != model::State::kEstablished) return false;
  // inode 0: never accepted, reported by unaccepted-connections.
  if (s.inode == 0 || s.recv_q == 0) return false;
  const model::Socket* before = ctx.history.Before(s);
  if (!before || before->recv_q == 0) return false;
  if (auto read = BytesRead(*before, s)) return *read == 0;
  return s.recv_q >= before->recv_q;
}

}  // namespace

void RuleRecvQueueBuildup(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!ctx.history.HasPrevious()) return;  // a verdict needs two samples
  auto groups =
      GroupSockets(ctx.current, [&](const model::Socket& s) { return ReadNothing(ctx, s); });
  for (const auto& g : groups) {
    uint64_t large = 0;
    uint64_t total = 0;
    const model::Socket* top = g.sockets.front();
    for (const auto* s : g.sockets) {
      if (s->recv_q >= kRecvQueueLargeBytes) ++large;
      total += s->recv_q;
      if (s->recv_q > top->recv_q) top = s;
    }
    if (large == 0 && g.sockets.size() < kRecvQueueManyMin) continue;
    Finding f;
    f.id = "recv-queue-buildup";
    f.severity = Severity::kWarning;
    f.summary = fmt::format(
        "{} does not read: {} connections held unread data for {:.1f}s and none of it was read "
        "(largest {} bytes)",
        g.Describe(), g.sockets.size(), ctx.Seconds(), top->recv_q);
    AddGroupEvidence(f, g);
    f.Add("sockets_not_reading", uint64_t{g.sockets.size()});
    f.Add("sockets_over_threshold", large);
    f.Add("max_recv_q_bytes", uint64_t{top->recv_q});
    f.Add("total_recv_q_bytes", total);
    f.Add("interval_seconds", ctx.Seconds());
    f.Add("largest_local", EndpointText(top->local));
    f.Add("largest_peer", EndpointText(top->peer));
    f.why =
        "Recv-Q of a connected socket is data the kernel received and acknowledged but the "
        "application has not read yet. These sockets had unread data in both samples and the "
        "application read none of it in between (tcp_info bytes received minus the change of "
        "Recv-Q is zero): the reader is blocked, busy elsewhere or not polling them. The "
        "receive window closes and the senders stall.";
    f.advice =
        "Check what the process is doing (CPU, threads, stacks): a blocked reader, a slow "
        "consumer behind it, or a thread pool exhausted.";
    f.magnitude = std::max(static_cast<double>(top->recv_q) / kRecvQueueLargeBytes,
                           static_cast<double>(g.sockets.size()) / kRecvQueueManyMin);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
