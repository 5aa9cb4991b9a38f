// recv-queue-buildup: data the kernel has received but the application has
// not read (Recv-Q of ESTABLISHED sockets), per process or port.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleRecvQueueBuildup(const RuleContext& ctx, std::vector<Finding>& out) {
  // inode 0: never accepted, reported by unaccepted-connections.
  auto groups = GroupSockets(ctx.current, [](const model::Socket& s) {
    return s.state == model::State::kEstablished && s.inode != 0 && s.recv_q > 0;
  });
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
    f.netns = g.netns;
    if (g.by == SocketGroup::By::kProcess) f.processes = {g.process};
    f.summary = fmt::format("{} does not read: {} connections hold unread data (largest {} bytes)",
                            g.Describe(), g.sockets.size(), top->recv_q);
    f.Add("group", g.Describe());
    f.Add("sockets_with_unread_data", uint64_t{g.sockets.size()});
    f.Add("sockets_over_threshold", large);
    f.Add("max_recv_q_bytes", uint64_t{top->recv_q});
    f.Add("total_recv_q_bytes", total);
    f.Add("largest_local", EndpointText(top->local));
    f.Add("largest_peer", EndpointText(top->peer));
    f.why =
        "Recv-Q of a connected socket is data the kernel received and acknowledged but the "
        "application has not read yet. When it stays high the receive window closes and "
        "senders stall; the application is busy, blocked or not polling these sockets.";
    f.advice =
        "Check what the process is doing (CPU, threads, stacks): a blocked reader, a slow "
        "consumer behind it, or a thread pool exhausted.";
    f.magnitude = std::max(static_cast<double>(top->recv_q) / kRecvQueueLargeBytes,
                           static_cast<double>(g.sockets.size()) / kRecvQueueManyMin);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
