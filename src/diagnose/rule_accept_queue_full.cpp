// accept-queue-full: a listener's accept queue holds more than its max, the
// kernel's own test (sk_acceptq_is_full: len > max, so a queue holds max+1).
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "model/counter_keys.h"

namespace sockscope::diagnose {

void RuleAcceptQueueFull(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& l : ctx.current.listeners) {
    if (!l.Full()) continue;  // false when the max is unknown (/proc)
    Finding f = ListenerFinding("accept-queue-full", Severity::kCritical, l);
    std::string owner = ListenerOwnerText(l, ctx.current);
    f.summary = fmt::format("accept queue of {} is full ({} queued, max {}): {} is not accepting",
                            EndpointText(l.local), l.accept_queue_len, l.accept_queue_max, owner);
    AddQueueEvidence(f, l);
    if (const auto* ns = ctx.current.FindNetns(l.netns)) {
      if (auto d = ctx.Delta(*ns, model::counter::kTcpExtListenOverflows))
        f.Add("listen_overflows_delta", *d);
    }
    f.why =
        "While the accept queue is full the kernel drops the final ACK of new handshakes "
        "(counted in TcpExt.ListenOverflows) and may drop new SYNs as well. Depending on "
        "net.ipv4.tcp_abort_on_overflow, clients see timeouts and retransmissions (0) or "
        "connection resets (1).";
    if (l.syn_recv > 0)
      f.why +=
          " The half-open (SYN-RECV) requests on this listener are a consequence: clients "
          "whose final ACK was dropped for lack of room stay half-open until they retransmit.";
    f.advice = fmt::format(
        "Make {} accept faster (more workers, an unblocked accept loop). If bursts are "
        "expected, raise the backlog passed to listen() together with net.core.somaxconn; the "
        "application must call listen() again for a new limit to apply.",
        owner);
    f.magnitude = 1.0 + static_cast<double>(l.accept_queue_len) / (l.accept_queue_max + 1.0);
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
