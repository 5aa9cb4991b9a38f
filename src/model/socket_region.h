// A set of TCP sockets named by their addresses: a socket is in the region
// when any term matches it. `check` re-reads only the region of its first
// sample (the sockets whose progress the rules judge) instead of every
// socket; netlink/inet_diag_bytecode.h compiles the same region for the
// kernel, and Matches() is the one predicate for /proc rows and the merge.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/socket.h"

namespace sockscope::model {

struct RegionTerm {
  uint64_t netns = 0;                  // the namespace the term belongs to
  std::optional<uint16_t> local_port;  // every socket on this local port
  std::optional<Endpoint> peer;        // ...and/or to this peer (address and port)
  bool operator==(const RegionTerm&) const = default;
};

struct SocketRegion {
  std::vector<RegionTerm> terms;

  // Whether socket `s` (of namespace s.netns) is in the region.
  bool Matches(const Socket& s) const;
  static bool TermMatches(const RegionTerm& t, const Socket& s);
};

}  // namespace sockscope::model
