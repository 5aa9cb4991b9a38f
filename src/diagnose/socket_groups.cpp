#include "diagnose/socket_groups.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "diagnose/rule_context.h"

namespace sockscope::diagnose {

std::string SocketGroup::Describe() const {
  switch (by) {
    case By::kProcess:
      return ProcessText({process});
    case By::kLocalPort:
      return fmt::format("local port {}", local_port);
    case By::kPeer:
      break;
  }
  return fmt::format("connections to {}", EndpointText(peer));
}

std::vector<SocketGroup> GroupSockets(const model::Snapshot& snapshot,
                                      const std::function<bool(const model::Socket&)>& keep) {
  std::set<std::pair<uint64_t, uint16_t>> listening;
  for (const auto& s : snapshot.sockets)
    if (s.proto == model::Proto::kTcp && s.IsListener()) listening.insert({s.netns, s.local.port});

  // Key: (netns, kind, pid or port, peer bytes, peer port) — ordered for a stable output.
  using Key = std::tuple<uint64_t, int, int64_t, std::array<uint8_t, 16>, uint16_t>;
  std::map<Key, SocketGroup> groups;
  for (const auto& s : snapshot.sockets) {
    if (s.proto != model::Proto::kTcp || !keep(s)) continue;
    SocketGroup g;
    g.netns = s.netns;
    Key key;
    const auto* owners = snapshot.owners_collected ? snapshot.owners.Find(s.inode) : nullptr;
    if (owners && !owners->empty()) {
      g.by = SocketGroup::By::kProcess;
      g.process = *std::min_element(owners->begin(), owners->end(),
                                    [](const auto& a, const auto& b) { return a.pid < b.pid; });
      key = Key{s.netns, 0, g.process.pid, {}, 0};
    } else if (listening.count({s.netns, s.local.port})) {
      g.by = SocketGroup::By::kLocalPort;
      g.local_port = s.local.port;
      key = Key{s.netns, 1, s.local.port, {}, 0};
    } else {
      g.by = SocketGroup::By::kPeer;
      g.peer = s.peer;
      key = Key{s.netns, 2, static_cast<int>(s.peer.addr.family), s.peer.addr.bytes, s.peer.port};
    }
    auto [it, inserted] = groups.try_emplace(key, std::move(g));
    it->second.sockets.push_back(&s);
  }
  std::vector<SocketGroup> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

}  // namespace sockscope::diagnose
