// unaccepted-connections: children that finished the handshake and waited in
// the accept queue (inode 0, see collect/listeners.h) for the whole interval:
// the same sockets, by cookie, in both samples. Named after the listener's
// owner because the children themselves have none. In an SO_REUSEPORT group
// each member has its own queue: the member whose queue stayed non-empty is
// named, not the group's first member.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "diagnose/listener_children.h"
#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {
namespace {

constexpr const char* kWhy =
    "The kernel completes the TCP handshake by itself and parks the connection in the "
    "listener's accept queue until the application calls accept(). Until then no process "
    "holds a file descriptor for it, so tools show no PID ('-' in netstat -p): the missing "
    "owner is the symptom. The same connections waited in both samples, so the queue is not "
    "turning over. The clients believe they are connected; their requests sit unread.";

const model::Listener* FindPrevious(const RuleContext& ctx, const model::Listener& l) {
  if (!ctx.previous) return nullptr;
  for (const auto& p : ctx.previous->listeners)
    if (p.netns == l.netns && p.inode == l.inode && p.local == l.local) return &p;
  return nullptr;
}

std::string Advice(const std::string& owner) {
  return fmt::format(
      "Find out why {} does not accept: an event loop blocked by a long computation or a "
      "blocking call, too few worker threads, or a stopped process. Look at its threads and "
      "stacks (gdb -p, jstack, py-spy) and its CPU use. A larger backlog only hides this.",
      owner);
}

// The children of the group that were unaccepted in the previous sample too.
uint64_t CountWaitingInBoth(const RuleContext& ctx, const std::vector<const model::Socket*>& kids) {
  uint64_t n = 0;
  for (const auto* c : kids) {
    const model::Socket* before = ctx.history.Before(*c);
    if (before && before->inode == 0) ++n;
  }
  return n;
}

// Same pid set: nginx workers all hold every listener of the group.
bool SameProcesses(const model::Listener& a, const model::Listener& b) {
  auto pa = DistinctProcesses(a.owners);
  auto pb = DistinctProcesses(b.owners);
  if (pa.size() != pb.size()) return false;
  for (size_t i = 0; i < pa.size(); ++i)
    if (pa[i].pid != pb[i].pid) return false;
  return true;
}

bool StoppedOrBlocked(char state) {
  return state == 'T' || state == 't' || state == 'D' || state == 'Z';
}

std::string StateText(char state) {
  switch (state) {
    case 'T':
      return "T (stopped)";
    case 't':
      return "t (stopped by a tracer)";
    case 'D':
      return "D (uninterruptible sleep)";
    case 'Z':
      return "Z (zombie)";
    default:
      return std::string(1, state);
  }
}

// Which of the processes holding a stuck member the kernel points at, when
// several hold it (nginx workers inherit every listener): first, when some
// epoll set watches this member, the ones whose epoll sets do, or are
// unknown (no epoll fd, as nginx's master, or one that could not be read): a
// worker whose epoll set is known and leaves the member out is not serving
// it. Then,
// of those, the ones stopped or in uninterruptible sleep, if any is. Empty
// when nothing narrows the set.
struct Culprits {
  std::vector<model::Owner> processes;
  std::string how;  // "epoll", "state", "epoll and state"
};

Culprits SingleOut(const model::Listener& member, const model::OwnerIndex& index) {
  const auto holders = DistinctProcesses(member.owners);
  std::vector<model::Owner> candidates;
  bool watched = false;  // some holder's epoll set does watch the member
  for (const auto& o : holders) {
    auto it = index.details.find(o.pid);
    const bool known = it != index.details.end() && it->second.epoll_known;
    const bool watches = known && std::binary_search(it->second.epoll_watches.begin(),
                                                     it->second.epoll_watches.end(), member.inode);
    watched |= watches;
    if (!known || watches) candidates.push_back(o);
  }
  std::string how;
  // Only a positive sign narrows: when no epoll set watches the member (a
  // worker that had not registered it yet, or one that accepts by blocking
  // accept()), the epoll sets say nothing about who should accept.
  if (watched && candidates.size() < holders.size())
    how = "epoll";
  else
    candidates = holders;
  std::vector<model::Owner> stopped;
  for (const auto& o : candidates) {
    auto it = index.details.find(o.pid);
    if (it != index.details.end() && StoppedOrBlocked(it->second.state)) stopped.push_back(o);
  }
  if (!stopped.empty() && (stopped.size() < candidates.size() || !how.empty())) {
    candidates = std::move(stopped);
    how = how.empty() ? "state" : how + " and state";
  }
  if (how.empty()) return {};
  return {std::move(candidates), std::move(how)};
}

void ReportSingle(const RuleContext& ctx, const model::Listener& l, uint64_t waiting,
                  std::vector<Finding>& out) {
  const model::Listener* before = FindPrevious(ctx, l);
  Finding f = ListenerFinding("unaccepted-connections",
                              l.Full() ? Severity::kCritical : Severity::kWarning, l);
  std::string owner = ListenerOwnerText(l, ctx.current);
  f.summary = fmt::format(
      "{} connections on :{} completed the handshake but {} has not called accept() for them",
      l.unaccepted, l.local.port, owner);
  AddQueueEvidence(f, l);
  if (before) f.Add("unaccepted_previous_sample", uint64_t{before->unaccepted});
  if (ctx.history.HasPrevious()) f.Add("unaccepted_in_both_samples", waiting);
  f.why = kWhy;
  f.advice = Advice(owner);
  f.magnitude = static_cast<double>(waiting) / kUnacceptedMin;
  out.push_back(std::move(f));
}

void ReportReuseport(const RuleContext& ctx, const std::vector<const model::Listener*>& members,
                     uint64_t waiting, std::vector<Finding>& out) {
  // Each member's own queue is exact (its sock_diag message): a member whose
  // queue was non-empty in both samples is not accepting.
  std::vector<const model::Listener*> stuck;
  for (const auto* m : members) {
    const model::Listener* before = FindPrevious(ctx, *m);
    if (m->accept_queue_len > 0 && before && before->accept_queue_len > 0) stuck.push_back(m);
  }
  const auto group = static_cast<uint64_t>(members.size());
  if (!stuck.empty() && stuck.size() < members.size()) {
    for (const auto* m : stuck) {
      model::Listener own = *m;
      own.unaccepted = m->accept_queue_len;  // this member's children: its own queue
      bool shared = false;                   // its processes also hold a member that is accepting
      for (const auto* other : members)
        if (std::find(stuck.begin(), stuck.end(), other) == stuck.end() &&
            SameProcesses(*m, *other))
          shared = true;
      Culprits culprits;
      if (shared) culprits = SingleOut(*m, ctx.current.owners);
      if (!culprits.processes.empty()) {
        own.owners = culprits.processes;  // the processes the kernel points at
        shared = false;
      }
      Finding f = ListenerFinding("unaccepted-connections",
                                  own.Full() ? Severity::kCritical : Severity::kWarning, own);
      std::string owner = ListenerOwnerText(own, ctx.current);
      f.summary = fmt::format(
          "{} connections wait in the queue of one SO_REUSEPORT member (of {}) on :{}: {} has "
          "not called accept() on it{}",
          own.accept_queue_len, group, own.local.port, owner,
          shared ? " (the same processes hold the accepting members: which one is stuck cannot "
                   "be told from the sockets, their epoll sets or their states)"
          : culprits.how.empty() ? std::string()
                                 : fmt::format(" (singled out by its {})", culprits.how));
      AddQueueEvidence(f, own);
      f.Add("member_inode", m->inode);
      f.Add("stuck_members", uint64_t{stuck.size()});
      f.Add("unaccepted_in_both_samples", waiting);
      f.Add("process_singled_out", !shared);
      if (!culprits.how.empty()) f.Add("singled_out_by", culprits.how);
      if (!own.owners.empty()) {
        auto it = ctx.current.owners.details.find(own.owners.front().pid);
        if (it != ctx.current.owners.details.end() && it->second.state)
          f.Add("process_state", StateText(it->second.state));
      }
      f.why = std::string(kWhy) +
              " With SO_REUSEPORT the kernel hashes each connection to one member's queue; "
              "the other members cannot take it, so its clients wait while the rest of the "
              "group is served.";
      f.advice = Advice(owner);
      f.magnitude = static_cast<double>(own.accept_queue_len) / kUnacceptedMin;
      out.push_back(std::move(f));
    }
    return;
  }
  // Every member (or none) kept a queue: the group is stuck as a whole, or
  // the queues turned over between samples while children still waited.
  model::Listener first = *members.front();
  std::vector<model::Owner> all;
  for (const auto* m : members) all.insert(all.end(), m->owners.begin(), m->owners.end());
  first.owners = all;
  Finding f = ListenerFinding("unaccepted-connections",
                              first.Full() ? Severity::kCritical : Severity::kWarning, first);
  std::string owner = ListenerOwnerText(first, ctx.current);
  f.summary = fmt::format(
      "{} connections on :{} waited in the queues of an SO_REUSEPORT group of {} listeners: {} "
      "has not called accept() for them ({})",
      waiting, first.local.port, group, owner,
      stuck.empty() ? "no member's queue stayed non-empty, so no member can be singled out"
                    : "every member's queue stayed non-empty: the whole group is stuck");
  AddQueueEvidence(f, first);
  f.Add("stuck_members", uint64_t{stuck.size()});
  f.Add("unaccepted_in_both_samples", waiting);
  f.Add("process_singled_out", false);
  f.why = kWhy;
  f.advice = Advice(owner);
  f.magnitude = static_cast<double>(waiting) / kUnacceptedMin;
  out.push_back(std::move(f));
}

}  // namespace

void RuleUnacceptedConnections(const RuleContext& ctx, std::vector<Finding>& out) {
  ListenerChildren children(ctx.current);
  using Key = std::tuple<uint64_t, model::Family, std::array<uint8_t, 16>, uint16_t>;
  std::map<Key, std::vector<const model::Listener*>> groups;
  for (const auto& l : ctx.current.listeners)
    groups[Key{l.netns, l.family, l.local.addr.bytes, l.local.port}].push_back(&l);
  for (const auto& [key, members] : groups) {
    const auto& kids = children.Of(*members.front());
    uint64_t waiting = 0;
    if (ctx.history.HasPrevious()) {
      waiting = CountWaitingInBoth(ctx, kids);
    } else {
      // One sample shows no progress; only a full queue is a verdict by
      // itself (the kernel is refusing handshakes now).
      bool full = std::any_of(members.begin(), members.end(), [](auto* m) { return m->Full(); });
      if (full) waiting = kids.size();
    }
    if (waiting < kUnacceptedMin) continue;
    if (members.size() == 1) {
      ReportSingle(ctx, *members.front(), waiting, out);
    } else {
      ReportReuseport(ctx, members, waiting, out);
    }
  }
}

}  // namespace sockscope::diagnose
