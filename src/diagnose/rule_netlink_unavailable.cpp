// netlink-unavailable: sockets were read from /proc/net because sock_diag
// failed (the collector left a note from source "netlink"); say what `check`
// cannot see then.
#include <fmt/format.h>

#include "diagnose/rules.h"

namespace sockscope::diagnose {

void RuleNetlinkUnavailable(const RuleContext& ctx, std::vector<Finding>& out) {
  if (ctx.current.source != "proc") return;
  // The netlink failure itself (source "netlink"), else the collector's
  // fallback note (source "source").
  const model::Note* note = nullptr;
  for (const auto& n : ctx.current.notes) {
    if (n.source == "netlink") {
      note = &n;
      break;
    }
    if (n.source == "source" && n.level != model::NoteLevel::kInfo && !note) note = &n;
  }
  // --source proc chosen by the user leaves no netlink note: nothing to report.
  if (!note) return;
  Finding f;
  f.id = "netlink-unavailable";
  f.severity = Severity::kWarning;
  f.summary =
      "sock_diag (netlink) was unavailable, sockets came from /proc/net: accept queue limits "
      "are unknown, so full accept queues cannot be detected";
  f.Add("source", ctx.current.source);
  f.Add("netlink_note", note->message);
  f.Add("missing", std::string("accept queue max, socket drops, tcp_info, IPV6_V6ONLY"));
  f.why =
      "/proc/net/tcp shows a listener's accept queue length but prints 0 where sock_diag gives "
      "the max (sk_max_ack_backlog), so accept-queue-full, accept-queue-high and the backlog "
      "rules are blind. /proc is also not an atomic snapshot.";
  f.advice =
      "Make NETLINK_SOCK_DIAG available: load the inet_diag and tcp_diag modules, and allow "
      "netlink sockets (seccomp profiles or container runtimes may block them).";
  out.push_back(std::move(f));
}

}  // namespace sockscope::diagnose
