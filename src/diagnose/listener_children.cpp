#include "diagnose/listener_children.h"

#include <unordered_map>

namespace sockscope::diagnose {
namespace {

bool IsUnacceptedChild(const model::Socket& s) {
  return s.proto == model::Proto::kTcp && s.inode == 0 &&
         (s.state == model::State::kEstablished || s.state == model::State::kCloseWait);
}

// Lower is a better match for child `c`; -1: no match.
int MatchRank(const model::Listener& l, const model::Socket& c) {
  model::IpAddr child = c.local.addr.UnmappedV4();
  model::IpAddr own = l.local.addr.UnmappedV4();
  if (!l.local.addr.IsUnspecified()) return own == child ? 0 : -1;
  if (l.family == child.family) return 1;
  if (l.family == model::Family::kInet6 && child.family == model::Family::kInet) return 2;
  return -1;
}

}  // namespace

ListenerChildren::ListenerChildren(const model::Snapshot& snapshot) {
  std::unordered_map<uint64_t, std::vector<const model::Listener*>> by_port;
  for (const auto& l : snapshot.listeners) by_port[(l.netns << 16) ^ l.local.port].push_back(&l);
  for (const auto& s : snapshot.sockets) {
    if (!IsUnacceptedChild(s)) continue;
    auto it = by_port.find((s.netns << 16) ^ s.local.port);
    if (it == by_port.end()) continue;
    const model::Listener* best = nullptr;
    int best_rank = 0;
    for (const auto* l : it->second) {
      if (l->netns != s.netns || l->local.port != s.local.port) continue;
      int rank = MatchRank(*l, s);
      if (rank < 0 || (best && rank >= best_rank)) continue;
      best = l;
      best_rank = rank;
    }
    if (!best) continue;
    children_[Key{best->netns, best->family, best->local.addr.bytes, best->local.port}].push_back(
        &s);
  }
}

const std::vector<const model::Socket*>& ListenerChildren::Of(const model::Listener& l) const {
  static const std::vector<const model::Socket*> kNone;
  auto it = children_.find(Key{l.netns, l.family, l.local.addr.bytes, l.local.port});
  return it == children_.end() ? kNone : it->second;
}

}  // namespace sockscope::diagnose
