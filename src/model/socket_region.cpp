#include "model/socket_region.h"

#include <algorithm>

namespace sockscope::model {
namespace {

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

template <typename T>
bool Contains(const std::vector<T>& v, const T& key) {
  return std::binary_search(v.begin(), v.end(), key);
}

}  // namespace

SocketRegion::SocketRegion(std::vector<RegionTerm> terms) : terms_(std::move(terms)) {
  for (const auto& t : terms_) {
    if (t.local_port && t.peer)
      exact_.emplace_back(t.netns, *t.local_port, t.peer->addr.bytes, t.peer->port,
                          static_cast<uint8_t>(t.peer->addr.family));
    else if (t.local_port)
      ports_.emplace_back(t.netns, static_cast<uint8_t>(t.family), *t.local_port);
    else if (t.peer)
      peers_.emplace_back(t.netns, t.peer->addr.bytes, t.peer->port,
                          static_cast<uint8_t>(t.peer->addr.family));
  }
  SortUnique(ports_);
  SortUnique(peers_);
  SortUnique(exact_);
}

bool SocketRegion::Covers(uint64_t netns, Family family) const {
  return std::any_of(terms_.begin(), terms_.end(),
                     [&](const RegionTerm& t) { return t.netns == netns && t.family == family; });
}

bool SocketRegion::TermMatches(const RegionTerm& t, const Socket& s) {
  if (t.netns != s.netns || t.family != s.family) return false;
  if (t.local_port && *t.local_port != s.local.port) return false;
  if (t.peer && !(*t.peer == s.peer)) return false;
  return true;
}

bool SocketRegion::Matches(const Socket& s) const {
  const auto family = static_cast<uint8_t>(s.peer.addr.family);
  if (!ports_.empty() && Contains(ports_, {s.netns, static_cast<uint8_t>(s.family), s.local.port}))
    return true;
  if (!peers_.empty() && Contains(peers_, {s.netns, s.peer.addr.bytes, s.peer.port, family}))
    return true;
  return !exact_.empty() &&
         Contains(exact_, {s.netns, s.local.port, s.peer.addr.bytes, s.peer.port, family});
}

}  // namespace sockscope::model
