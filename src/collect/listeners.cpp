#include "collect/listeners.h"

#include <array>
#include <unordered_map>

namespace sockscope::collect {
namespace {

using model::Family;
using model::IpAddr;
using model::Socket;
using model::State;

struct PortKey {
  uint64_t netns;
  uint16_t port;
  bool operator==(const PortKey&) const = default;
};

struct PortKeyHash {
  size_t operator()(const PortKey& k) const {
    return std::hash<uint64_t>()(k.netns * 0x9E3779B97F4A7C15ULL ^ k.port);
  }
};

// A listener's local address as the lookup sees it. An AF_INET6 socket bound
// to ::ffff:a.b.c.d receives IPv4 traffic for a.b.c.d, so mapped addresses
// are compared in their IPv4 form.
struct BoundAddr {
  Family family = Family::kInet;  // the socket's own family
  bool wildcard = false;
  bool takes_v4 = false;  // may receive IPv4 traffic
  bool takes_v6 = false;  // may receive native IPv6 traffic
  IpAddr addr;            // IPv4 form for v4 and mapped addresses
};

BoundAddr ListenerAddr(const Socket& s) {
  BoundAddr b;
  b.family = s.family;
  b.wildcard = s.local.addr.IsUnspecified();
  if (s.family == Family::kInet) {
    b.takes_v4 = true;
    b.addr = s.local.addr;
  } else if (s.local.addr.IsV4Mapped()) {
    b.takes_v4 = !s.v6only;
    b.addr = s.local.addr.UnmappedV4();
  } else {
    b.takes_v4 = b.wildcard && !s.v6only;
    b.takes_v6 = true;
    b.addr = s.local.addr;
  }
  return b;
}

// Higher is better, 0 is no match. Mirrors compute_score() and the two-step
// lookup of __inet_lookup_listener (bound address first, then INADDR_ANY),
// and the +1 an AF_INET socket gets for IPv4 traffic. A child keeps its
// listener's family (IPv4 connections on a `::` listener appear as AF_INET6
// with ::ffff: addresses), so the same family wins a tie.
int MatchScore(const BoundAddr& l, const Socket& child) {
  bool child_v4 = child.family == Family::kInet || child.local.addr.IsV4Mapped();
  IpAddr addr = child.local.addr.UnmappedV4();
  if (child_v4 ? !l.takes_v4 : !l.takes_v6) return 0;
  int same_family = l.family == child.family ? 1 : 0;
  if (!l.wildcard) return l.addr == addr ? 4 + same_family : 0;
  return 2 + same_family;
}

bool IsHalfOpen(State s) { return s == State::kSynRecv || s == State::kNewSynRecv; }
bool MayBeUnaccepted(State s) { return s == State::kEstablished || s == State::kCloseWait; }

// Same reuseport group: same netns, family, port and address bytes.
struct GroupKey {
  uint64_t netns;
  uint16_t port;
  Family family;
  std::array<uint8_t, 16> addr;
  bool operator==(const GroupKey&) const = default;
};

struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t h =
        k.netns * 0x9E3779B97F4A7C15ULL ^ (uint64_t{k.port} << 8) ^ static_cast<uint64_t>(k.family);
    for (uint8_t b : k.addr) h = h * 131 + b;
    return std::hash<uint64_t>()(h);
  }
};

struct Candidate {
  size_t leader;  // index into the result: the group member that gets children
  BoundAddr bound;
};

}  // namespace

std::vector<model::Listener> DeriveListeners(const model::Snapshot& snapshot) {
  std::vector<model::Listener> out;
  std::vector<const Socket*> sockets_of;  // out[i] came from sockets_of[i]
  const bool hidden = !snapshot.owners.Complete();

  for (const Socket& s : snapshot.sockets) {
    if (s.proto != model::Proto::kTcp || !s.IsListener()) continue;
    model::Listener l;
    l.netns = s.netns;
    l.family = s.family;
    l.local = s.local;
    l.inode = s.inode;
    l.cookie = s.cookie;
    l.accept_queue_len = s.recv_q;
    l.accept_queue_max = s.send_q;
    l.accept_queue_max_known = s.send_q_known;
    if (s.mem) {
      l.drops = s.mem->drops;
      l.drops_known = true;
    }
    if (snapshot.owners_collected) {
      const auto owners = snapshot.owners.Find(s.inode);
      l.owners.assign(owners.begin(), owners.end());
      l.owners_known = !l.owners.empty() || !hidden;
    }
    out.push_back(std::move(l));
    sockets_of.push_back(&s);
  }

  // Reuseport groups; the leader is the member with the lowest inode.
  std::unordered_map<GroupKey, std::vector<size_t>, GroupKeyHash> groups;
  for (size_t i = 0; i < out.size(); ++i) {
    groups[GroupKey{out[i].netns, out[i].local.port, out[i].family, out[i].local.addr.bytes}]
        .push_back(i);
  }
  std::unordered_map<PortKey, std::vector<Candidate>, PortKeyHash> by_port;
  for (const auto& [key, members] : groups) {
    size_t leader = members.front();
    for (size_t i : members) {
      out[i].reuseport_group = static_cast<uint32_t>(members.size());
      if (out[i].inode < out[leader].inode) leader = i;
    }
    by_port[PortKey{key.netns, key.port}].push_back(
        Candidate{leader, ListenerAddr(*sockets_of[leader])});
  }
  if (by_port.empty()) return out;

  for (const Socket& s : snapshot.sockets) {
    if (s.proto != model::Proto::kTcp) continue;
    bool half_open = IsHalfOpen(s.state);
    // inode 0: not yet grafted to a file by accept() (see the header).
    bool unaccepted = MayBeUnaccepted(s.state) && s.inode == 0;
    if (!half_open && !unaccepted) continue;
    auto it = by_port.find(PortKey{s.netns, s.local.port});
    if (it == by_port.end()) continue;
    const Candidate* best = nullptr;
    int best_score = 0;
    for (const Candidate& c : it->second) {
      int score = MatchScore(c.bound, s);
      if (score > best_score) {
        best_score = score;
        best = &c;
      }
    }
    if (!best) continue;
    if (half_open) {
      ++out[best->leader].syn_recv;
    } else {
      ++out[best->leader].unaccepted;
    }
  }
  // A caller that asked the kernel only for LISTEN and SYN-RECV sockets (the
  // cheap dump `listeners` uses) has no children to count; the accept queue
  // then is the count: it holds exactly the children no one has accepted
  // (sk_ack_backlog), per member even in a reuseport group.
  constexpr model::StateMask kChildStates =
      model::StateBit(model::State::kEstablished) | model::StateBit(model::State::kCloseWait);
  if ((snapshot.tcp_states & kChildStates) != kChildStates)
    for (auto& l : out) l.unaccepted = l.accept_queue_len;
  return out;
}

}  // namespace sockscope::collect
