// close-wait-buildup: CLOSE-WAIT sockets of one program (across its
// processes, as prefork servers are built) that stayed in CLOSE-WAIT between
// the two samples: the peer closed, the application never called close().
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleCloseWaitBuildup(const RuleContext& ctx, std::vector<Finding>& out) {
  // A fast client's CLOSE-WAITs last microseconds: only the same sockets in
  // both samples are a leak, so this needs two samples.
  if (!ctx.history.HasPrevious()) return;
  // inode 0: still in an accept queue, reported by unaccepted-connections.
  auto groups = GroupSockets(ctx.current, [&](const model::Socket& s) {
    if (s.proto != model::Proto::kTcp || s.state != model::State::kCloseWait || s.inode == 0)
      return false;
    const model::Socket* before = ctx.history.Before(s);
    return before && before->state == model::State::kCloseWait;
  });
  for (const auto& g : groups) {
    if (g.sockets.size() < kCloseWaitMin) continue;
    Finding f;
    f.id = "close-wait-buildup";
    f.severity = Severity::kWarning;
    f.summary = fmt::format(
        "{} connections in CLOSE-WAIT for {} in both samples: the peer closed them, the "
        "application did not",
        g.sockets.size(), g.Describe());
    f.Add("close_wait", uint64_t{g.sockets.size()});
    AddGroupEvidence(f, g);
    f.Add("interval_seconds", ctx.Seconds());
    f.Add("example_local", EndpointText(g.sockets.front()->local));
    f.Add("example_peer", EndpointText(g.sockets.front()->peer));
    f.why =
        "CLOSE-WAIT means the peer sent FIN and the kernel is waiting for the application to "
        "close() its end. The kernel never times this state out: each one holds a file "
        "descriptor and memory until the process closes it or exits. The same sockets stayed "
        "in CLOSE-WAIT between the samples: a leak (a code path that forgets close(), e.g. on "
        "errors) or a stuck thread.";
    f.advice =
        "Look for connections the application stops using without closing (error paths, "
        "connection pools that do not notice closed peers). Restarting the process frees "
        "them but does not fix the leak.";
    f.magnitude = static_cast<double>(g.sockets.size()) / kCloseWaitMin;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
