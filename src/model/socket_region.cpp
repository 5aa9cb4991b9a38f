#include "model/socket_region.h"

#include <algorithm>

namespace sockscope::model {

bool SocketRegion::TermMatches(const RegionTerm& t, const Socket& s) {
  if (t.netns != s.netns) return false;
  if (t.local_port && *t.local_port != s.local.port) return false;
  if (t.peer && !(*t.peer == s.peer)) return false;
  return true;
}

bool SocketRegion::Matches(const Socket& s) const {
  return std::any_of(terms.begin(), terms.end(),
                     [&](const RegionTerm& t) { return TermMatches(t, s); });
}

}  // namespace sockscope::model
