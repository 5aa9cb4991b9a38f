// udp-receive-drops: datagrams dropped because a UDP socket's receive buffer
// was full (its sk_drops grew between the samples), per socket and named after
// its program; or, when no socket can be named, the namespace's
// Udp.RcvbufErrors growing. A DNS or syslog server that stopped reading.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {
namespace {

constexpr const char* kWhy =
    "A UDP socket's receive buffer holds datagrams until the application reads them; when it "
    "is full the kernel drops every new datagram (counted in the socket's drops and in "
    "Udp RcvbufErrors and InErrors). UDP has no retransmission: clients see lost queries and "
    "time out.";
constexpr const char* kAdvice =
    "Find out why the program does not read fast enough: blocked or stopped (process state, "
    "stacks), or simply too slow for the rate. A larger buffer (SO_RCVBUF, "
    "net.core.rmem_max) only absorbs bursts; more reader threads or SO_REUSEPORT sockets "
    "absorb load.";

uint64_t CounterDelta(const RuleContext& ctx, const model::NetnsData* ns, std::string_view v4,
                      std::string_view v6) {
  if (!ns) return 0;
  return ctx.Delta(*ns, v4).value_or(0) + ctx.Delta(*ns, v6).value_or(0);
}

}  // namespace

void RuleUdpReceiveDrops(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!ctx.history.HasPrevious()) return;  // growth needs two samples
  std::vector<uint64_t> named_netns;
  for (const auto& s : ctx.current.sockets) {
    if (s.proto != model::Proto::kUdp || !s.mem) continue;
    const model::Socket* before = ctx.history.Before(s);
    if (!before || !before->mem || s.mem->drops <= before->mem->drops) continue;
    uint64_t drops = s.mem->drops - before->mem->drops;
    uint32_t rcvbuf = s.mem->rcvbuf;
    auto full = [&](const model::Socket& x) {
      return rcvbuf > 0 && static_cast<double>(x.recv_q) >= kUdpRecvQueueFullShare * rcvbuf;
    };
    bool stopped = full(s) && full(*before);
    auto groups = GroupOfSocket(ctx.current, s);
    Finding f;
    f.id = "udp-receive-drops";
    f.severity = stopped ? Severity::kCritical : Severity::kWarning;
    const model::NetnsData* ns = ctx.current.FindNetns(s.netns);
    std::string who = "its reader";
    if (!groups.empty() && groups.front().by == SocketGroup::By::kProgram)
      who = groups.front().Describe();
    f.summary = fmt::format(
        "UDP socket {} dropped {} datagrams in {:.1f}s ({:.0f}/s): its receive buffer is {}; {} "
        "{}",
        EndpointText(s.local), drops, ctx.Seconds(), ctx.Rate(drops),
        stopped ? "full" : "overflowing", who, stopped ? "does not read" : "does not keep up");
    if (!groups.empty()) AddGroupEvidence(f, groups.front());
    f.netns = s.netns;
    f.Add("local", EndpointText(s.local));
    f.Add("drops", drops);
    f.Add("per_second", ctx.Rate(drops));
    f.Add("recv_q_bytes", uint64_t{s.recv_q});
    f.Add("rcvbuf_bytes", uint64_t{rcvbuf});
    f.Add("buffer_full_in_both_samples", stopped);
    f.Add("udp_rcvbuf_errors", CounterDelta(ctx, ns, model::counter::kUdpRcvbufErrors,
                                            model::counter::kUdp6RcvbufErrors));
    f.Add("udp_in_errors",
          CounterDelta(ctx, ns, model::counter::kUdpInErrors, model::counter::kUdp6InErrors));
    f.Add("interval_seconds", ctx.Seconds());
    f.why = kWhy;
    f.advice = kAdvice;
    f.magnitude = static_cast<double>(drops);
    out.push_back(std::move(f));
    named_netns.push_back(s.netns);
  }
  // Counters grew but no socket shows it (it closed, or the source has no
  // socket memory): still worth saying, without a culprit.
  for (const auto& ns : ctx.current.namespaces) {
    if (std::find(named_netns.begin(), named_netns.end(), ns.inode) != named_netns.end()) continue;
    uint64_t errors =
        CounterDelta(ctx, &ns, model::counter::kUdpRcvbufErrors, model::counter::kUdp6RcvbufErrors);
    if (errors == 0) continue;
    Finding f;
    f.id = "udp-receive-drops";
    f.severity = Severity::kWarning;
    f.netns = ns.inode;
    f.summary = fmt::format(
        "{} UDP datagrams dropped for a full receive buffer in {:.1f}s ({:.0f}/s); no open "
        "socket shows the drops",
        errors, ctx.Seconds(), ctx.Rate(errors));
    f.Add("udp_rcvbuf_errors", errors);
    f.Add("udp_in_errors",
          CounterDelta(ctx, &ns, model::counter::kUdpInErrors, model::counter::kUdp6InErrors));
    f.Add("interval_seconds", ctx.Seconds());
    f.why = kWhy;
    f.advice = kAdvice;
    f.magnitude = static_cast<double>(errors);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
