// unaccepted-connections: children that finished the handshake and wait in the
// accept queue (inode 0, see collect/listeners.h), named after the listener's
// owner because the children themselves have none.
#include <fmt/format.h>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {
namespace {

const model::Listener* FindPrevious(const RuleContext& ctx, const model::Listener& l) {
  if (!ctx.previous) return nullptr;
  for (const auto& p : ctx.previous->listeners)
    if (p.netns == l.netns && p.inode == l.inode && p.local == l.local) return &p;
  return nullptr;
}

}  // namespace

void RuleUnacceptedConnections(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& l : ctx.current.listeners) {
    // Counts only: a busy healthy server often has one or two children queued
    // at any instant, even in both samples, so fewer than kUnacceptedMin is
    // not reported. The previous sample's count is shown as evidence.
    if (l.unaccepted < kUnacceptedMin) continue;
    const model::Listener* before = FindPrevious(ctx, l);
    Finding f = ListenerFinding("unaccepted-connections",
                                l.Full() ? Severity::kCritical : Severity::kWarning, l);
    std::string owner = ListenerOwnerText(l, ctx.current);
    f.summary = fmt::format(
        "{} connections on :{} completed the handshake but {} has not called accept() for them",
        l.unaccepted, l.local.port, owner);
    AddQueueEvidence(f, l);
    if (before) f.Add("unaccepted_previous_sample", uint64_t{before->unaccepted});
    f.why =
        "The kernel completes the TCP handshake by itself and parks the connection in the "
        "listener's accept queue until the application calls accept(). Until then no process "
        "holds a file descriptor for it, so tools show no PID ('-' in netstat -p): the missing "
        "owner is the symptom. The clients believe they are connected; their requests sit "
        "unread in the queue.";
    f.advice = fmt::format(
        "Find out why {} does not accept: an event loop blocked by a long computation or a "
        "blocking call, too few worker threads, or a stopped process. Look at its threads and "
        "stacks (gdb -p, jstack, py-spy) and its CPU use. A larger backlog only hides this.",
        owner);
    f.magnitude = static_cast<double>(l.unaccepted) / kUnacceptedMin;
    out.push_back(std::move(f));
  }
}

}  // namespace sockscope::diagnose
