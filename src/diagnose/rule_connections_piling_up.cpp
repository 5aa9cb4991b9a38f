// connections-piling-up: idle client connections of one program to one
// destination that keep growing: a connection pool or client that opens and
// never reuses or closes, until the server (or the port range) refuses more.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {
namespace {

bool Idle(const model::Socket& s) {
  return s.tcp_info && s.tcp_info->last_send_ms >= kPileUpIdleMs &&
         s.tcp_info->last_recv_ms >= kPileUpIdleMs;
}

}  // namespace

void RuleConnectionsPilingUp(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!ctx.history.HasPrevious()) return;  // growth needs two samples
  // A group needs kPileUpMin idle connections: with fewer in the whole
  // sample (none without tcp_info, as serve collects) no group can, and
  // grouping every connection would be wasted.
  const auto idle_connections =
      std::count_if(ctx.current.sockets.begin(), ctx.current.sockets.end(), [](const auto& s) {
        return s.proto == model::Proto::kTcp && s.state == model::State::kEstablished && Idle(s);
      });
  if (static_cast<uint64_t>(idle_connections) < kPileUpMin) return;
  ListeningPorts listening(ctx.current);
  auto client_side = [&](const model::Socket& s) {
    return s.proto == model::Proto::kTcp && s.state == model::State::kEstablished && s.inode != 0 &&
           !listening.IsServerSide(s);
  };
  auto groups = GroupSockets(ctx.current, client_side, GroupBy::kProgramAndPeer);
  for (const auto& g : groups) {
    if (g.sockets.size() < kPileUpMin) continue;
    uint64_t idle = 0;
    uint64_t kept = 0;  // also present in the previous sample
    uint32_t oldest_idle_ms = 0;
    for (const auto* s : g.sockets) {
      if (Idle(*s)) {
        ++idle;
        oldest_idle_ms = std::max(oldest_idle_ms,
                                  std::min(s->tcp_info->last_send_ms, s->tcp_info->last_recv_ms));
      }
      if (ctx.history.Before(*s)) ++kept;
    }
    if (idle < kPileUpMin) continue;
    // Growing: new connections were opened while the old ones were kept. A
    // pool that replaces its connections or has stopped growing is not this.
    uint64_t opened = g.sockets.size() - kept;
    if (opened == 0) continue;
    Finding f;
    f.id = "connections-piling-up";
    f.severity = Severity::kWarning;
    f.summary = fmt::format(
        "{} holds {} idle connections to {} and opened {} more in {:.1f}s without closing any",
        g.Describe(), idle, EndpointText(g.peer), opened, ctx.Seconds());
    AddGroupEvidence(f, g);
    f.Add("connections", uint64_t{g.sockets.size()});
    f.Add("idle", idle);
    f.Add("opened_between_samples", opened);
    f.Add("kept_from_previous_sample", kept);
    f.Add("longest_idle_ms", uint64_t{oldest_idle_ms});
    f.Add("interval_seconds", ctx.Seconds());
    f.why =
        "These connections sent and received nothing for a while, yet the program keeps "
        "opening new ones to the same destination instead of reusing or closing them: a leak "
        "in a connection pool or a client that forgets close(). The server's connection limit "
        "(max_connections, maxclients) or the local port range runs out next, and then new "
        "connects fail.";
    f.advice =
        "Look at the program's connection handling: pools must return connections on every "
        "path (errors included) and have a maximum size and an idle timeout.";
    f.magnitude = static_cast<double>(idle) / kPileUpMin;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
