// close-wait-buildup: many CLOSE-WAIT sockets in one process (or on one port):
// the peer closed, the application never called close().
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {

void RuleCloseWaitBuildup(const RuleContext& ctx, std::vector<Finding>& out) {
  // inode 0: still in an accept queue, reported by unaccepted-connections.
  auto groups = GroupSockets(ctx.current, [](const model::Socket& s) {
    return s.state == model::State::kCloseWait && s.inode != 0;
  });
  for (const auto& g : groups) {
    if (g.sockets.size() < kCloseWaitMin) continue;
    Finding f;
    f.id = "close-wait-buildup";
    f.severity = Severity::kWarning;
    f.netns = g.netns;
    if (g.by == SocketGroup::By::kProcess) f.processes = {g.process};
    f.summary = fmt::format(
        "{} connections in CLOSE-WAIT for {}: the peer closed them, the application did not",
        g.sockets.size(), g.Describe());
    f.Add("close_wait", uint64_t{g.sockets.size()});
    f.Add("group", g.Describe());
    f.Add("example_local", EndpointText(g.sockets.front()->local));
    f.Add("example_peer", EndpointText(g.sockets.front()->peer));
    f.why =
        "CLOSE-WAIT means the peer sent FIN and the kernel is waiting for the application to "
        "close() its end. The kernel never times this state out: each one holds a file "
        "descriptor and memory until the process closes it or exits. Many of them point to a "
        "leak (a code path that forgets close(), e.g. on errors) or a stuck thread.";
    f.advice =
        "Look for connections the application stops using without closing (error paths, "
        "connection pools that do not notice closed peers). Restarting the process frees "
        "them but does not fix the leak.";
    f.magnitude = static_cast<double>(g.sockets.size()) / kCloseWaitMin;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
