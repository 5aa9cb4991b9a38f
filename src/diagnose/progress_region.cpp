#include "diagnose/progress_region.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {
namespace {

constexpr model::StateMask kQueueStates = model::StateBit(model::State::kEstablished) |
                                          model::StateBit(model::State::kCloseWait) |
                                          model::StateBit(model::State::kFinWait1);

auto TermKey(const model::RegionTerm& t) {
  return std::make_tuple(t.netns, t.family, t.local_port.value_or(0), t.local_port.has_value(),
                         t.peer ? t.peer->addr.bytes : std::array<uint8_t, 16>{},
                         t.peer ? t.peer->port : 0, t.peer.has_value());
}

void SortUnique(std::vector<model::RegionTerm>& terms) {
  std::sort(terms.begin(), terms.end(),
            [](const auto& a, const auto& b) { return TermKey(a) < TermKey(b); });
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
}

}  // namespace

std::optional<ProgressRegions> ProgressRegion(const model::Snapshot& first) {
  ProgressRegions regions;
  std::vector<model::RegionTerm> with_info;
  std::vector<model::RegionTerm> by_identity;
  std::vector<model::RegionTerm> groups;
  // Listeners with anything queued: every socket on their port (the children
  // waiting for accept() have no owner and no data to tell them apart).
  for (const auto& l : first.listeners)
    if (l.accept_queue_len > 0 || l.syn_recv > 0 || l.unaccepted > 0)
      by_identity.push_back({l.netns, l.family, l.local.port, std::nullopt});
  ListeningPorts listening(first);
  // Client connections by (namespace, destination): groups big enough to
  // become connections-piling-up by the second sample.
  std::map<std::tuple<uint64_t, model::Family, std::array<uint8_t, 16>, uint16_t>, uint32_t>
      clients;
  for (const auto& s : first.sockets) {
    if (s.proto != model::Proto::kTcp || s.state == model::State::kListen) continue;
    const model::StateMask bit = model::StateBit(s.state);
    if (s.state == model::State::kSynSent) {
      with_info.push_back({s.netns, s.family, std::nullopt, s.peer});  // the whole destination
    } else if ((bit & kQueueStates) != 0 && (s.recv_q > 0 || s.send_q > 0)) {
      with_info.push_back({s.netns, s.family, s.local.port, s.peer});  // this connection
    } else if (s.state == model::State::kCloseWait) {
      by_identity.push_back({s.netns, s.family, s.local.port, s.peer});
    } else if (s.state == model::State::kEstablished && !listening.IsServerSide(s)) {
      ++clients[{s.netns, s.family, s.peer.addr.bytes, s.peer.port}];
    }
  }
  for (const auto& s : first.sockets) {
    if (s.proto != model::Proto::kTcp || s.state != model::State::kEstablished) continue;
    auto it = clients.find({s.netns, s.family, s.peer.addr.bytes, s.peer.port});
    if (it == clients.end() || it->second < kPileUpMin / 2) continue;
    groups.push_back({s.netns, s.family, std::nullopt, s.peer});
    it->second = 0;  // one term per destination
  }
  SortUnique(with_info);
  SortUnique(by_identity);
  SortUnique(groups);
  if (with_info.size() + by_identity.size() + groups.size() > kMaxRegionTerms) return std::nullopt;
  regions.with_info = model::SocketRegion(std::move(with_info));
  regions.by_identity = model::SocketRegion(std::move(by_identity));
  regions.client_groups = model::SocketRegion(std::move(groups));
  return regions;
}

}  // namespace sockscope::diagnose
