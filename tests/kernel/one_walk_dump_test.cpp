// TCP of both families from one sock_diag dump (CollectOptions::
// tcp_one_walk: the kernel's TCPDIAG_GETSOCK request, family left open)
// gives exactly the sockets and fields of one dump per family, on a world
// of IPv4, IPv6 and v4-mapped listeners and connections, queued bytes,
// CLOSE-WAIT, TIME-WAIT and SYN-SENT, in one dump instead of two.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "collect/collector.h"
#include "netns_support.h"
#include "procfs/proc_fs.h"
#include "socket_support.h"
#include "sys/files.h"
#include "sys/netlink_socket.h"

namespace sockscope::testing {
namespace {

using OneWalkDump = NetnsTest;

struct World {
  UniqueFd v4_listener = TcpListen("127.0.0.1", 0, 64);
  UniqueFd v6_listener = TcpListen("::1", 0, 64);
  UniqueFd dual_listener = TcpListen("::", 0, 64);  // takes IPv4 as ::ffff:a.b.c.d
  UniqueFd v6only_listener = BindV6Only(SOCK_STREAM, 0);
  UniqueFd full_listener = TcpListen("127.0.0.1", 0, 0);  // queue of one: later SYNs wait
  std::vector<TcpPair> pairs;
  std::vector<UniqueFd> waiting;  // SYN-SENT: their SYNs are dropped
  World() {
    for (int i = 0; i < 3; ++i) pairs.push_back(TcpEstablished(v4_listener, "127.0.0.1"));
    for (int i = 0; i < 3; ++i) pairs.push_back(TcpEstablished(v6_listener, "::1"));
    for (int i = 0; i < 3; ++i) pairs.push_back(TcpEstablished(dual_listener, "127.0.0.1"));
    FillReceiveQueue(pairs[0], 3000);
    FillReceiveQueue(pairs[4], 2000);
    MakeCloseWait(pairs[1]);
    MakeCloseWait(pairs[5]);
    // TIME-WAIT on the side that closes first, once the other closed too.
    TcpPair closing = TcpEstablished(v4_listener, "127.0.0.1");
    closing.client = UniqueFd();
    closing.server = UniqueFd();
    waiting.push_back(TcpConnect("127.0.0.1", LocalPort(full_listener)));
    WaitForAcceptQueue(full_listener, 1);
    for (int i = 0; i < 2; ++i)
      waiting.push_back(TcpConnectStart("127.0.0.1", LocalPort(full_listener)));
  }
};

// Counts the sock_diag sockets opened: one per dump.
class CountingOpener final : public sys::NetlinkOpener {
 public:
  base::Result<std::unique_ptr<sys::NetlinkSocket>> Open(int protocol,
                                                         size_t receive_buffer) override {
    ++opened;
    return sys::RealNetlinkOpener().Open(protocol, receive_buffer);
  }
  int opened = 0;
};

using Fields = std::tuple<int, int, std::string, uint16_t, std::string, uint16_t, uint32_t,
                          uint32_t, uint64_t, uint32_t, bool, bool, bool, uint8_t>;

std::map<uint64_t, Fields> ByCookie(const model::Snapshot& snap) {
  std::map<uint64_t, Fields> out;
  for (const auto& s : snap.sockets)
    out[s.cookie] = {static_cast<int>(s.family),
                     static_cast<int>(s.state),
                     s.local.addr.ToString(),
                     s.local.port,
                     s.peer.addr.ToString(),
                     s.peer.port,
                     s.recv_q,
                     s.send_q,
                     s.inode,
                     s.uid,
                     s.v6only,
                     s.v6only_known,
                     s.shutdown_known,
                     s.shutdown};
  return out;
}

// With listener_memory: memory info for listeners only, as check and serve
// ask (then one walk is two dumps: connections, and listeners with it).
model::Snapshot CollectTcp(procfs::ProcFs& proc, CountingOpener& opener, bool one_walk,
                           bool listener_memory = false) {
  collect::Environment env{&opener, &proc};
  collect::CollectOptions o;
  o.selection.tcp = true;
  o.source = collect::SourceChoice::kNetlink;
  o.tcp_one_walk = one_walk;
  o.memory = listener_memory;
  o.tcp_connection_memory = false;
  return collect::Collect(env, o);
}

// cookie -> the memory info's receive buffer and drops, for sockets that have one.
std::map<uint64_t, std::pair<uint32_t, uint32_t>> MemoryByCookie(const model::Snapshot& snap) {
  std::map<uint64_t, std::pair<uint32_t, uint32_t>> out;
  for (const auto& s : snap.sockets)
    if (s.mem) out[s.cookie] = {s.mem->rcvbuf, s.mem->drops};
  return out;
}

TEST_F(OneWalkDump, BothFamiliesInOneDumpAreExactlyTheTwoDumps) {
  World w;
  auto proc = procfs::MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc.has_value());
  CountingOpener per_family, one_walk;
  model::Snapshot two = CollectTcp(**proc, per_family, false);
  model::Snapshot one = CollectTcp(**proc, one_walk, true);
  ASSERT_TRUE(two.Complete());
  ASSERT_TRUE(one.Complete());
  EXPECT_EQ(per_family.opened, 2);
  EXPECT_EQ(one_walk.opened, 1);
  for (const auto& src : one.sources) EXPECT_EQ(src.via, "netlink") << src.source;
  auto expected = ByCookie(two);
  // The world is what it should be (the kernel's own view, before sockscope's).
  std::map<int, int> states;
  for (const auto& [cookie, f] : expected) ++states[std::get<1>(f)];
  EXPECT_GE(states[static_cast<int>(model::State::kListen)], 5);
  EXPECT_GE(states[static_cast<int>(model::State::kEstablished)], 14);  // 7 pairs still open
  EXPECT_GE(states[static_cast<int>(model::State::kCloseWait)], 2);
  EXPECT_GE(states[static_cast<int>(model::State::kTimeWait)], 1);
  EXPECT_GE(states[static_cast<int>(model::State::kSynSent)], 2);
  EXPECT_EQ(ByCookie(one), expected);
}

TEST_F(OneWalkDump, ListenersMemoryInADumpOfTheirOwnIsTheSame) {
  World w;
  auto proc = procfs::MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc.has_value());
  CountingOpener per_family, one_walk;
  model::Snapshot two = CollectTcp(**proc, per_family, false, true);
  model::Snapshot one = CollectTcp(**proc, one_walk, true, true);
  ASSERT_TRUE(two.Complete());
  ASSERT_TRUE(one.Complete());
  EXPECT_EQ(one_walk.opened, 2) << "connections, then listeners with memory info";
  EXPECT_EQ(ByCookie(one), ByCookie(two));
  auto memory = MemoryByCookie(two);
  EXPECT_EQ(memory.size(), 5u) << "the five listeners' only";
  EXPECT_EQ(MemoryByCookie(one), memory);
}

}  // namespace
}  // namespace sockscope::testing
