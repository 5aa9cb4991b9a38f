// ephemeral-ports-low: connections from one source address to one destination
// (address, port) using most of net.ipv4.ip_local_port_range. connect() needs
// a free local port per (source, destination, destination port), so this is
// the limit that fails with EADDRNOTAVAIL.
#include <fmt/format.h>

#include <array>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"

namespace sockscope::diagnose {
namespace {

struct Use {
  const model::Socket* example = nullptr;
  uint64_t connections = 0;
  uint64_t time_wait = 0;
  std::vector<model::Owner> owners;
};

}  // namespace

void RuleEphemeralPortsLow(const RuleContext& ctx, std::vector<Finding>& out) {
  // The local port range of each namespace that has a valid one.
  struct Range {
    int64_t low = 0, high = 0;  // as read from the sysctl
  };
  std::unordered_map<uint64_t, Range> ranges;
  for (const auto& ns : ctx.current.namespaces) {
    auto low = ns.limits.port_range_low;
    auto high = ns.limits.port_range_high;
    if (low && high && *high >= *low) ranges[ns.inode] = {*low, *high};
  }
  // Sockets come namespace by namespace: the last namespace's range is
  // looked up once for all of its sockets.
  uint64_t last_netns = 0;
  const Range* last_range = nullptr;
  auto counts = [&](const model::Socket& s) {
    if (s.proto != model::Proto::kTcp || s.IsListener() || s.peer.port == 0) return false;
    if (!last_range || s.netns != last_netns) {
      auto it = ranges.find(s.netns);
      if (it == ranges.end()) return false;
      last_netns = s.netns;
      last_range = &it->second;
    }
    return s.local.port >= last_range->low && s.local.port <= last_range->high;
  };
  // A destination's connections are at most those to its port: counted
  // first, per namespace and port, so the per-destination tally below runs
  // only for a port that has more than the share (on most hosts none has,
  // and a namespace is judged without walking every other one's sockets).
  std::map<std::pair<uint64_t, uint16_t>, uint64_t> per_port;
  for (const auto& s : ctx.current.sockets)
    if (counts(s)) ++per_port[{s.netns, s.peer.port}];
  std::set<std::pair<uint64_t, uint16_t>> crowded;
  for (const auto& [key, n] : per_port) {
    const Range& r = ranges.at(key.first);
    if (static_cast<double>(n) / static_cast<double>(r.high - r.low + 1) > kEphemeralHighShare)
      crowded.insert(key);
  }
  if (crowded.empty()) return;
  for (const auto& ns : ctx.current.namespaces) {
    auto found = ranges.find(ns.inode);
    auto first_crowded = crowded.lower_bound({ns.inode, 0});
    if (found == ranges.end() || first_crowded == crowded.end() || first_crowded->first != ns.inode)
      continue;
    const int64_t low = found->second.low, high = found->second.high;
    const auto range = static_cast<uint64_t>(high - low + 1);
    // (source addr, destination family+addr, destination port): ordered for a stable output.
    using Key = std::tuple<std::array<uint8_t, 16>, int, std::array<uint8_t, 16>, uint16_t>;
    std::map<Key, Use> uses;
    for (const auto& s : ctx.current.sockets) {
      if (s.netns != ns.inode || !crowded.count({s.netns, s.peer.port}) || !counts(s)) continue;
      Use& u = uses[Key{s.local.addr.bytes, static_cast<int>(s.peer.addr.family), s.peer.addr.bytes,
                        s.peer.port}];
      if (!u.example) u.example = &s;
      ++u.connections;
      if (s.state == model::State::kTimeWait) ++u.time_wait;
      if (ctx.current.owners_collected && u.owners.size() < 8) {
        const auto o = ctx.current.owners.Find(s.inode);
        u.owners.insert(u.owners.end(), o.begin(), o.end());
      }
    }
    for (auto& [key, u] : uses) {
      double share = static_cast<double>(u.connections) / static_cast<double>(range);
      if (share <= kEphemeralHighShare) continue;
      Finding f;
      f.id = "ephemeral-ports-low";
      f.severity = share > kEphemeralCriticalShare ? Severity::kCritical : Severity::kWarning;
      f.netns = ns.inode;
      f.processes = DistinctProcesses(u.owners);
      f.summary = fmt::format(
          "{} connections from {} to {} use {:.0f}% of the local port range {}-{}", u.connections,
          u.example->local.addr.ToString(), EndpointText(u.example->peer), share * 100, low, high);
      f.Add("source", u.example->local.addr.ToString());
      f.Add("destination", EndpointText(u.example->peer));
      f.Add("connections", u.connections);
      f.Add("time_wait", u.time_wait);
      f.Add("port_range_size", range);
      f.Add("share_percent", share * 100);
      f.why =
          "Each outgoing connection to the same destination address and port needs its own "
          "local port from net.ipv4.ip_local_port_range, and TIME-WAIT connections keep "
          "theirs for 60s. When the range is used up, connect() fails with EADDRNOTAVAIL "
          "(\"Cannot assign requested address\").";
      f.advice =
          "Reuse connections (keep-alive, pools); widen net.ipv4.ip_local_port_range; enable "
          "net.ipv4.tcp_tw_reuse=1 for outgoing connections; or spread over more destination "
          "addresses or source addresses.";
      f.magnitude = share / kEphemeralHighShare;
      out.push_back(std::move(f));
    }
  }
}

}  // namespace sockscope::diagnose
