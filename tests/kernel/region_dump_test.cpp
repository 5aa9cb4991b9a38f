// check's re-read of a region (diagnose/progress_region.h) on real sockets:
// the kernel accepts the compiled inet_diag bytecode (the dump comes from
// sock_diag, not the /proc fallback) and returns exactly the sockets the
// userspace predicate admits, for IPv4, IPv6 and v4-mapped peers, by local
// port and by peer, and nothing for an empty region.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <vector>

#include "collect/collector.h"
#include "netns_support.h"
#include "procfs/proc_fs.h"
#include "socket_support.h"
#include "sys/files.h"
#include "sys/netlink_socket.h"

namespace sockscope::testing {
namespace {

using RegionDump = NetnsTest;

struct World {
  UniqueFd v4_listener = TcpListen("127.0.0.1", 0, 64);
  UniqueFd v6_listener = TcpListen("::1", 0, 64);
  UniqueFd dual_listener = TcpListen("::", 0, 64);  // takes IPv4 as ::ffff:a.b.c.d
  std::vector<TcpPair> pairs;
  World() {
    for (int i = 0; i < 6; ++i) pairs.push_back(TcpEstablished(v4_listener, "127.0.0.1"));
    for (int i = 0; i < 6; ++i) pairs.push_back(TcpEstablished(v6_listener, "::1"));
    for (int i = 0; i < 6; ++i) pairs.push_back(TcpEstablished(dual_listener, "127.0.0.1"));
  }
};

std::set<uint64_t> Cookies(const std::vector<model::Socket>& sockets) {
  std::set<uint64_t> out;
  for (const auto& s : sockets)
    if (s.proto == model::Proto::kTcp) out.insert(s.cookie);
  return out;
}

class Collector {
 public:
  Collector() : proc_(procfs::MakeRealProcFs(sys::RealFiles())) {}
  bool ok() const { return proc_.has_value(); }
  model::Snapshot Run(std::shared_ptr<const model::SocketRegion> region) {
    collect::Environment env{&sys::RealNetlinkOpener(), proc_->get()};
    collect::CollectOptions o;
    o.selection.tcp = true;
    o.selection.tcp_states = model::kAllStates;
    o.selection.tcp_region = std::move(region);
    o.source = collect::SourceChoice::kNetlink;
    return collect::Collect(env, o);
  }

 private:
  base::Result<std::unique_ptr<procfs::ProcFs>> proc_;
};

void ExpectSameAsPredicate(Collector& c, const model::SocketRegion& region, size_t at_least) {
  model::Snapshot all = c.Run(nullptr);
  ASSERT_TRUE(all.Complete());
  std::vector<model::Socket> wanted;
  for (const auto& s : all.sockets)
    if (region.Matches(s)) wanted.push_back(s);
  model::Snapshot part = c.Run(std::make_shared<const model::SocketRegion>(region));
  EXPECT_TRUE(part.Complete());
  for (const auto& src : part.sources) EXPECT_EQ(src.via, "netlink") << src.source << src.reason;
  EXPECT_EQ(Cookies(part.sockets), Cookies(wanted));
  EXPECT_GE(part.sockets.size(), at_least);
  EXPECT_LT(part.sockets.size(), all.sockets.size());
}

TEST_F(RegionDump, LocalPortTermsSelectTheListenersAndTheirChildren) {
  World w;
  Collector c;
  ASSERT_TRUE(c.ok());
  uint64_t netns = c.Run(nullptr).sockets.at(0).netns;
  model::SocketRegion region(
      {{netns, model::Family::kInet, LocalPort(w.v4_listener), std::nullopt},
       {netns, model::Family::kInet6, LocalPort(w.dual_listener), std::nullopt}});
  ExpectSameAsPredicate(c, region, 1 + 6 + 1 + 6);
}

TEST_F(RegionDump, PeerTermsSelectConnectionsExactlyInBothFamilies) {
  World w;
  Collector c;
  ASSERT_TRUE(c.ok());
  model::Snapshot all = c.Run(nullptr);
  std::vector<model::RegionTerm> terms;
  // Two connections of each kind: IPv4, IPv6, and v4-mapped (the dual listener's children).
  int taken[3] = {0, 0, 0};
  for (const auto& s : all.sockets) {
    if (s.state != model::State::kEstablished) continue;
    int kind = s.family == model::Family::kInet ? 0 : s.peer.addr.IsV4Mapped() ? 2 : 1;
    if (taken[kind]++ < 2) terms.push_back({s.netns, s.family, s.local.port, s.peer});
  }
  ASSERT_GE(terms.size(), 6u);
  ExpectSameAsPredicate(c, model::SocketRegion(terms), 6);
  // A destination alone: every client connection to the v6 listener.
  model::Endpoint v6{*model::ParseIpAddr("::1"), LocalPort(w.v6_listener)};
  model::SocketRegion destination(
      {{all.sockets.at(0).netns, model::Family::kInet6, std::nullopt, v6}});
  ExpectSameAsPredicate(c, destination, 6);
}

TEST_F(RegionDump, AnEmptyRegionDumpsNothingAndIsComplete) {
  World w;
  Collector c;
  ASSERT_TRUE(c.ok());
  model::Snapshot part = c.Run(std::make_shared<const model::SocketRegion>());
  EXPECT_TRUE(part.Complete());
  EXPECT_TRUE(part.sockets.empty());
}

}  // namespace
}  // namespace sockscope::testing
