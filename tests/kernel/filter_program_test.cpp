// Issue 15: the filter compiled to inet_diag bytecode (filter/kernel_program.h)
// on the real kernel. Over random expressions (tests/unit/filter/
// filter_generator.h) and one world of TCP and UDP sockets in a private
// namespace — IPv4, IPv6, dual-stack listeners with IPv4-mapped children,
// TIME-WAIT, bound and connected UDP, a socket bound to a device — every
// program is accepted (the dump
// comes from sock_diag, complete), the sockets shown are those the userspace
// evaluator picks from an unfiltered dump, and an exact program returns
// exactly those.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "collect/collector.h"
#include "filter/filter.h"
#include "filter/kernel_program.h"
#include "netns_support.h"
#include "procfs/proc_fs.h"
#include "socket_support.h"
#include "sys/files.h"
#include "sys/netlink_socket.h"
#include "unit/filter/filter_generator.h"

namespace sockscope::testing {
namespace {

using FilterProgram = NetnsTest;

struct World {
  UniqueFd v4_listener = TcpListen("127.0.0.1", 5000, 64);
  UniqueFd v6_listener = TcpListen("::1", 5001, 64);
  UniqueFd dual_listener = TcpListen("::", 5002, 64);  // IPv4 peers as ::ffff:a.b.c.d
  UniqueFd udp4 = UdpBind("127.0.0.1", 5300);
  UniqueFd udp6 = UdpBind("::1", 5301);
  UniqueFd udp_dual = UdpBind("::", 5302);
  UniqueFd udp4_connected = UdpConnect("127.0.0.1", "127.0.0.1", 5300);
  UniqueFd udp6_connected = UdpConnect("::1", "::1", 5301);
  UniqueFd udp_on_lo = BoundToLo();  // interface 1: for dev terms
  std::vector<TcpPair> pairs;
  static UniqueFd BoundToLo() {
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    const char dev[] = "lo";
    EXPECT_EQ(::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, dev, sizeof dev), 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(5303);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    return fd;
  }
  World() {
    for (int i = 0; i < 3; ++i) {
      pairs.push_back(TcpEstablished(v4_listener, "127.0.0.1"));
      pairs.push_back(TcpEstablished(v6_listener, "::1"));
      pairs.push_back(TcpEstablished(dual_listener, "127.0.0.1"));
    }
    // Client first, then server: the clients' ends wait in TIME-WAIT.
    for (int i = 0; i < 2; ++i) {
      TcpPair closed = TcpEstablished(v4_listener, "127.0.0.1");
      closed.client.Reset();
      closed.server.Reset();
      TcpPair closed6 = TcpEstablished(v6_listener, "::1");
      closed6.client.Reset();
      closed6.server.Reset();
    }
  }
};

using Key = std::pair<int, uint64_t>;  // protocol, cookie

std::set<Key> Keys(const std::vector<model::Socket>& sockets, const filter::Filter* f) {
  std::set<Key> out;
  for (const auto& s : sockets)
    if (!f || filter::Matches(*f, s)) out.insert({static_cast<int>(s.proto), s.cookie});
  return out;
}

class Collector {
 public:
  Collector() : proc_(procfs::MakeRealProcFs(sys::RealFiles())) {}
  bool ok() const { return proc_.has_value(); }
  model::Snapshot Run(std::shared_ptr<const std::vector<uint8_t>> program) {
    collect::Environment env{&sys::RealNetlinkOpener(), proc_->get()};
    collect::CollectOptions o;
    o.selection.tcp = o.selection.udp = true;
    o.selection.tcp_states = o.selection.udp_states = model::kAllStates;
    o.selection.inet_program = std::move(program);
    o.source = collect::SourceChoice::kNetlink;
    return collect::Collect(env, o);
  }

 private:
  base::Result<std::unique_ptr<procfs::ProcFs>> proc_;
};

TEST_F(FilterProgram, Issue15KernelAndUserspaceAgreeOnRandomFilters) {
  World w;
  Collector c;
  ASSERT_TRUE(c.ok());
  model::Snapshot all = c.Run(nullptr);
  ASSERT_TRUE(all.Complete());
  // The world is what it should be (ss sees the same states).
  size_t time_wait = 0, mapped = 0;
  for (const auto& s : all.sockets) {
    time_wait += s.state == model::State::kTimeWait ? 1 : 0;
    mapped += s.peer.addr.IsV4Mapped() ? 1 : 0;
  }
  ASSERT_GE(time_wait, 4u);
  ASSERT_GE(mapped, 3u);

  const uint32_t seed = 15;
  FilterGenerator gen(
      seed, {0, 1, 5000, 5001, 5002, 5300, 5301, 5302, LocalPort(w.pairs[0].client), 65535});
  int sent = 0, narrowed = 0;
  for (int round = 0; round < 200; ++round) {
    const std::string text = gen.Expression(3);
    auto f = filter::ParseFilter({text});
    ASSERT_TRUE(f.has_value()) << text;
    if (!f->expr) continue;
    auto program = filter::CompileKernelProgram(*f->expr);
    if (!program) continue;
    ++sent;
    const bool exact = program->exact;
    model::Snapshot part =
        c.Run(std::make_shared<const std::vector<uint8_t>>(std::move(program->code)));
    ASSERT_TRUE(part.Complete()) << "the kernel refused the program of: " << text;
    for (const auto& src : part.sources) ASSERT_EQ(src.via, "netlink") << text;
    const std::set<Key> wanted = Keys(all.sockets, &*f);
    EXPECT_EQ(Keys(part.sockets, &*f), wanted) << "seed " << seed << ": " << text;
    if (exact) {
      EXPECT_EQ(Keys(part.sockets, nullptr), wanted) << "exact program of: " << text;
    }
    narrowed += part.sockets.size() < all.sockets.size() ? 1 : 0;
  }
  EXPECT_GT(sent, 120);
  EXPECT_GT(narrowed, 60);  // the kernel did filter, not only pass everything on
}

}  // namespace
}  // namespace sockscope::testing
