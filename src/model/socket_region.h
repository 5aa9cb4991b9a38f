// A set of TCP sockets named by their addresses: a socket is in the region
// when any term matches it. `check` re-reads only the region of its first
// sample (the sockets whose progress the rules judge) instead of every
// socket; filter/region_program.h compiles the same region for the
// kernel, and Matches() is the one predicate for /proc rows and the merge.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <tuple>
#include <vector>

#include "model/socket.h"

namespace sockscope::model {

// Sockets of one namespace and family (a dual-stack `::` listener's IPv4
// children are AF_INET6, as ::ffff:a.b.c.d): on a local port, to a peer, or
// both (one connection).
struct RegionTerm {
  uint64_t netns = 0;
  Family family = Family::kInet;
  std::optional<uint16_t> local_port;
  std::optional<Endpoint> peer;  // address and port
  bool operator==(const RegionTerm&) const = default;
};

class SocketRegion {
 public:
  SocketRegion() = default;
  explicit SocketRegion(std::vector<RegionTerm> terms);

  const std::vector<RegionTerm>& terms() const { return terms_; }
  bool empty() const { return terms_.empty(); }
  // Whether any term is about sockets of this namespace and family (a dump
  // of a table no term is about would return nothing: it is not run).
  bool Covers(uint64_t netns, Family family) const;

  // Whether socket `s` (of namespace s.netns) is in the region: a lookup in
  // sorted keys, not a walk over the terms (it runs for every socket of a
  // 100k-socket snapshot, several times per check).
  bool Matches(const Socket& s) const;
  static bool TermMatches(const RegionTerm& t, const Socket& s);

 private:
  using Addr = std::array<uint8_t, 16>;
  std::vector<RegionTerm> terms_;
  std::vector<std::tuple<uint64_t, uint8_t, uint16_t>> ports_;                  // local port only
  std::vector<std::tuple<uint64_t, Addr, uint16_t, uint8_t>> peers_;            // peer only
  std::vector<std::tuple<uint64_t, uint16_t, Addr, uint16_t, uint8_t>> exact_;  // both
};

}  // namespace sockscope::model
