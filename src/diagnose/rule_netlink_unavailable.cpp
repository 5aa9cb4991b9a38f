// netlink-unavailable: socket tables were read from /proc/net because
// sock_diag failed (their source states fell back via "proc"); say what
// `check` cannot see then. A user's `--source proc` is a choice, not a
// fallback: those sources are "ok" and nothing is reported.
#include <fmt/format.h>

#include <map>

#include "diagnose/rules.h"

namespace sockscope::diagnose {
namespace {

bool IsSocketTable(const model::SourceState& s) {
  return s.source != model::source_name::kOwners && s.source != model::source_name::kCounters &&
         s.source != model::source_name::kNetns;
}

}  // namespace

void RuleNetlinkUnavailable(const RuleContext& ctx, std::vector<Finding>& out) {
  std::map<uint64_t, std::vector<const model::SourceState*>> fell_back;  // by namespace
  for (const auto& s : ctx.current.sources)
    if (s.status == model::SourceStatus::kFellBack && s.via == "proc" && IsSocketTable(s))
      fell_back[s.netns].push_back(&s);
  for (const auto& [netns, sources] : fell_back) {
    std::string tables;
    for (const auto* s : sources) tables += (tables.empty() ? "" : ",") + s->source;
    Finding f;
    f.id = "netlink-unavailable";
    f.severity = Severity::kWarning;
    f.netns = netns;
    f.summary = fmt::format(
        "sock_diag (netlink) was unavailable, {} came from /proc/net: accept queue limits are "
        "unknown, so full accept queues cannot be detected",
        tables);
    f.Add("source", std::string("proc"));
    f.Add("tables", tables);
    f.Add("netlink_note", sources.front()->reason);
    f.Add("missing", std::string("accept queue max, socket drops, tcp_info, IPV6_V6ONLY"));
    f.why =
        "/proc/net/tcp shows a listener's accept queue length but prints 0 where sock_diag gives "
        "the max (sk_max_ack_backlog), so accept-queue-full, accept-queue-high and the backlog "
        "rules are blind; without tcp_info and socket drops the progress rules judge less. /proc "
        "is also not an atomic snapshot.";
    f.advice =
        "Make NETLINK_SOCK_DIAG available: load the inet_diag, tcp_diag and udp_diag modules, and "
        "allow netlink sockets (seccomp profiles or container runtimes may block them).";
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
