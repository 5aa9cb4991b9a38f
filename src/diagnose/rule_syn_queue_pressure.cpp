// syn-queue-pressure: many half-open (SYN-RECV) requests on one listener
// relative to the SYN queue limit, or TcpExt.TCPReqQFullDrop growing.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {
namespace {

// The number of request socks at which tcp_conn_request() stops queueing
// (net/ipv4/tcp_input.c, since Linux 4.4): the listener's accept queue max
// (inet_csk_reqsk_queue_is_full), after which SYN cookies are sent if
// tcp_syncookies allows, else the SYN is dropped; and without syncookies also
// when fewer than a quarter of tcp_max_syn_backlog is left.
std::optional<uint64_t> SynQueueLimit(const model::Listener& l, const model::Limits& limits) {
  std::optional<uint64_t> limit;
  if (l.accept_queue_max_known) limit = l.accept_queue_max;
  bool cookies_off = limits.tcp_syncookies && *limits.tcp_syncookies == 0;
  if (limits.tcp_max_syn_backlog && *limits.tcp_max_syn_backlog > 0 && (cookies_off || !limit)) {
    auto syn_backlog = static_cast<uint64_t>(*limits.tcp_max_syn_backlog);
    uint64_t by_sysctl = cookies_off ? syn_backlog - (syn_backlog >> 2) : syn_backlog;
    limit = limit ? std::min(*limit, by_sysctl) : by_sysctl;
  }
  return limit;
}

const char* kWhy =
    "Half-open connections (SYN received, SYN-ACK sent) wait as request socks until the "
    "client's ACK arrives. When a listener has too many, the kernel sends SYN cookies (if "
    "net.ipv4.tcp_syncookies allows) or drops new SYNs, and clients wait for their SYN "
    "retransmission (1s, 3s, ...). Causes: a SYN flood, clients or a network that lose the "
    "final ACK, or an accept queue that is itself full.";
const char* kAdvice =
    "If the peers are legitimate, raise the listen() backlog (it bounds the SYN queue too) "
    "and net.ipv4.tcp_max_syn_backlog; keep net.ipv4.tcp_syncookies=1. If not, look at the "
    "source addresses of the SYN-RECV sockets (sockscope ls state syn-recv) for a flood.";

}  // namespace

void RuleSynQueuePressure(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& l : ctx.current.listeners) {
    if (l.syn_recv < kSynRecvMin) continue;
    // A full accept queue leaves requests half-open (the final ACK of a
    // completed handshake is dropped while there is no room): that is the
    // queue's trouble, reported by accept-queue-full, not SYN load.
    if (l.Full()) continue;
    const model::NetnsData* ns = ctx.current.FindNetns(l.netns);
    auto limit = SynQueueLimit(l, ns ? ns->limits : model::Limits{});
    if (!limit) continue;
    if (static_cast<double>(l.syn_recv) < kSynQueueHighFill * static_cast<double>(*limit)) continue;
    bool full = l.syn_recv >= *limit;
    Finding f =
        ListenerFinding("syn-queue-pressure", full ? Severity::kCritical : Severity::kWarning, l);
    f.summary = fmt::format("{} half-open connections (SYN-RECV) on {}, SYN queue limit {}",
                            l.syn_recv, EndpointText(l.local), *limit);
    AddQueueEvidence(f, l);
    f.Add("syn_queue_limit", *limit);
    if (ns && ns->limits.tcp_max_syn_backlog)
      f.Add("tcp_max_syn_backlog", *ns->limits.tcp_max_syn_backlog);
    if (ns && ns->limits.tcp_syncookies) f.Add("tcp_syncookies", *ns->limits.tcp_syncookies);
    f.why = kWhy;
    f.advice = kAdvice;
    f.magnitude = static_cast<double>(l.syn_recv) /
                  std::max(1.0, kSynQueueHighFill * static_cast<double>(*limit));
    out.push_back(std::move(f));
  }
  for (const auto& ns : ctx.current.namespaces) {
    auto drops = ctx.Delta(ns, model::counter::kTcpExtTCPReqQFullDrop);
    if (!drops || *drops == 0) continue;
    Finding f;
    f.id = "syn-queue-pressure";
    f.severity = Severity::kCritical;
    f.netns = ns.inode;
    f.summary = fmt::format("{} SYNs dropped because a SYN queue was full in {:.1f}s ({:.1f}/s)",
                            *drops, ctx.Seconds(), ctx.Rate(*drops));
    f.Add("req_q_full_drop", *drops);
    f.Add("interval_seconds", ctx.Seconds());
    f.Add("per_second", ctx.Rate(*drops));
    if (ns.limits.tcp_syncookies) f.Add("tcp_syncookies", *ns.limits.tcp_syncookies);
    f.why = kWhy;
    f.advice = kAdvice;
    f.magnitude = static_cast<double>(*drops);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
