#include "collect/listeners.h"

#include <gtest/gtest.h>

#include "unit/diagnose/test_snapshots.h"

namespace sockscope::collect {
namespace {

using model::State;
using testing::Listen;
using testing::MakeSnapshot;
using testing::Proc;
using testing::Tcp;

// A child that completed the handshake and waits in the accept queue: inode 0.
model::Socket Queued(std::string_view local, uint16_t port, std::string_view peer,
                     uint64_t netns = 1) {
  return Tcp(State::kEstablished, local, port, peer, 40000, 0, netns);
}

model::Socket HalfOpen(std::string_view local, uint16_t port, std::string_view peer,
                       uint64_t netns = 1) {
  return Tcp(State::kNewSynRecv, local, port, peer, 40001, 0, netns);
}

TEST(DeriveListeners, CopiesAcceptQueueAndDrops) {
  auto snap = MakeSnapshot();
  auto l = Listen("0.0.0.0", 80, 3, 511, 10);
  l.mem = model::MemInfo{};
  l.mem->drops = 7;
  l.cookie = 0xabc;
  snap.sockets.push_back(l);
  snap.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000, 11));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].local.port, 80);
  EXPECT_EQ(out[0].accept_queue_len, 3u);
  EXPECT_EQ(out[0].accept_queue_max, 511u);
  EXPECT_TRUE(out[0].accept_queue_max_known);
  EXPECT_TRUE(out[0].drops_known);
  EXPECT_EQ(out[0].drops, 7u);
  EXPECT_EQ(out[0].cookie, 0xabcu);
  EXPECT_EQ(out[0].inode, 10u);
  EXPECT_EQ(out[0].reuseport_group, 1u);
}

TEST(DeriveListeners, ProcSourceLeavesMaxUnknown) {
  auto snap = MakeSnapshot();
  snap.source = "proc";
  auto l = Listen("0.0.0.0", 8080, 2, 0, 10);
  l.send_q_known = false;
  snap.sockets.push_back(l);
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].accept_queue_max_known);
  EXPECT_FALSE(out[0].Full());
  EXPECT_FALSE(out[0].drops_known);
}

TEST(DeriveListeners, SkipsUdpAndNonListening) {
  auto snap = MakeSnapshot();
  auto udp = Listen("0.0.0.0", 53, 0, 0, 10);
  udp.proto = model::Proto::kUdp;
  snap.sockets.push_back(udp);
  snap.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000, 11));
  EXPECT_TRUE(DeriveListeners(snap).empty());
}

TEST(DeriveListeners, CountsHalfOpenChildrenOfBothSynRecvStates) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  snap.sockets.push_back(HalfOpen("10.0.0.1", 80, "10.0.0.9"));
  auto old_style = HalfOpen("10.0.0.1", 80, "10.0.0.8");
  old_style.state = State::kSynRecv;
  snap.sockets.push_back(old_style);
  snap.sockets.push_back(HalfOpen("10.0.0.1", 81, "10.0.0.9"));  // other port
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].syn_recv, 2u);
  EXPECT_EQ(out[0].unaccepted, 0u);
}

TEST(DeriveListeners, UnacceptedAreChildrenWithoutInode) {
  auto snap = MakeSnapshot();
  snap.owners_collected = true;
  snap.sockets.push_back(Listen("0.0.0.0", 80, 2, 128, 10));
  snap.owners.Add(10, Proc(100, "nginx"));
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.2"));
  auto cw = Queued("10.0.0.1", 80, "10.0.0.3");
  cw.state = State::kCloseWait;
  snap.sockets.push_back(cw);
  // Accepted (has an inode) and held by nginx.
  snap.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.4", 5000, 20));
  snap.owners.Add(20, Proc(100, "nginx", 7));
  // TIME-WAIT sockets have inode 0 too but are not children.
  snap.sockets.push_back(Tcp(State::kTimeWait, "10.0.0.1", 80, "10.0.0.5", 5000, 0));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].unaccepted, 2u);
  EXPECT_TRUE(out[0].owners_known);
  ASSERT_EQ(out[0].owners.size(), 1u);
  EXPECT_EQ(out[0].owners[0].comm, "nginx");
}

TEST(DeriveListeners, AcceptedChildOfHiddenProcessIsNotUnaccepted) {
  // Running unprivileged: the server's process is hidden, so neither the
  // listener nor its accepted connections show an owner. They have inodes, so
  // they are accepted, not waiting.
  auto snap = MakeSnapshot();
  snap.owners_collected = true;
  snap.owners.processes_hidden = 3;
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  for (uint64_t i = 0; i < 5; ++i)
    snap.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000 + i, 20 + i));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].unaccepted, 0u);
  EXPECT_FALSE(out[0].owners_known);  // may be held by a hidden process
  EXPECT_TRUE(out[0].owners.empty());
}

TEST(DeriveListeners, OwnersUnknownWhenNotCollected) {
  auto snap = MakeSnapshot();
  snap.owners_collected = false;
  snap.owners.Add(10, Proc(100, "nginx"));  // ignored: walk not asked for
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  // Without an owner walk, nonzero-inode connections are never "unaccepted".
  snap.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000, 21));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].owners_known);
  EXPECT_TRUE(out[0].owners.empty());
  EXPECT_EQ(out[0].unaccepted, 0u);
}

TEST(DeriveListeners, CompleteWalkWithNoOwnerIsKnownEmpty) {
  auto snap = MakeSnapshot();
  snap.owners_collected = true;
  snap.sockets.push_back(Listen("0.0.0.0", 2049, 0, 64, 10));  // e.g. nfsd
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].owners_known);
  EXPECT_TRUE(out[0].owners.empty());
}

TEST(DeriveListeners, ClientSocketWhosePeerPortIsListeningIsNotAChild) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  // A local curl connecting to :80: its LOCAL port is ephemeral, PEER is 80.
  snap.sockets.push_back(Tcp(State::kEstablished, "127.0.0.1", 45000, "127.0.0.1", 80, 0));
  snap.sockets.push_back(Tcp(State::kSynRecv, "127.0.0.1", 45001, "127.0.0.1", 80, 0));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].unaccepted, 0u);
  EXPECT_EQ(out[0].syn_recv, 0u);
}

TEST(DeriveListeners, SpecificAddressBeforeWildcard) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  snap.sockets.push_back(Listen("127.0.0.1", 80, 0, 128, 11));
  snap.sockets.push_back(Queued("127.0.0.1", 80, "127.0.0.1"));
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.2"));
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.3"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].inode, 10u);
  EXPECT_EQ(out[0].unaccepted, 2u);  // wildcard
  EXPECT_EQ(out[1].unaccepted, 1u);  // 127.0.0.1
  EXPECT_EQ(out[0].reuseport_group, 1u);
  EXPECT_EQ(out[1].reuseport_group, 1u);
}

TEST(DeriveListeners, SpecificListenerDoesNotTakeOtherAddresses) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("127.0.0.1", 80, 0, 128, 11));
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.2"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].unaccepted, 0u);
}

TEST(DeriveListeners, DualStackWildcardTakesMappedAndPlainIpv4Children) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("::", 8080, 0, 128, 10));
  snap.sockets.push_back(Queued("::ffff:10.0.0.1", 8080, "::ffff:10.0.0.2"));
  snap.sockets.push_back(Queued("10.0.0.1", 8080, "10.0.0.3"));
  snap.sockets.push_back(Queued("2001:db8::1", 8080, "2001:db8::2"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].unaccepted, 3u);
}

TEST(DeriveListeners, V6OnlyWildcardDoesNotTakeIpv4) {
  auto snap = MakeSnapshot();
  auto l = Listen("::", 8080, 0, 128, 10);
  l.v6only = true;
  snap.sockets.push_back(l);
  snap.sockets.push_back(Queued("10.0.0.1", 8080, "10.0.0.3"));
  snap.sockets.push_back(Queued("::ffff:10.0.0.1", 8080, "::ffff:10.0.0.3"));
  snap.sockets.push_back(Queued("2001:db8::1", 8080, "2001:db8::2"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].unaccepted, 1u);
}

TEST(DeriveListeners, Ipv4WildcardNeverTakesIpv6) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  snap.sockets.push_back(Queued("2001:db8::1", 80, "2001:db8::2"));
  EXPECT_EQ(DeriveListeners(snap)[0].unaccepted, 0u);
}

TEST(DeriveListeners, SeparateV4AndV6WildcardsEachKeepTheirFamily) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  auto v6 = Listen("::", 80, 0, 128, 11);
  v6.v6only = true;
  snap.sockets.push_back(v6);
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.2"));
  snap.sockets.push_back(Queued("2001:db8::1", 80, "2001:db8::2"));
  snap.sockets.push_back(Queued("2001:db8::1", 80, "2001:db8::3"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].unaccepted, 1u);
  EXPECT_EQ(out[1].unaccepted, 2u);
  EXPECT_EQ(out[0].reuseport_group, 1u);  // different families: not one group
}

TEST(DeriveListeners, Ipv4ListenerBeatsDualStackWildcardForIpv4) {
  // compute_score() gives an AF_INET socket one point more for IPv4 traffic.
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("::", 80, 0, 128, 11));
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10));
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.2"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].unaccepted, 0u);  // ::
  EXPECT_EQ(out[1].unaccepted, 1u);  // 0.0.0.0
}

TEST(DeriveListeners, MappedSpecificListenerTakesItsIpv4Address) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("::", 80, 0, 128, 10));
  snap.sockets.push_back(Listen("::ffff:127.0.0.1", 80, 0, 128, 11));
  snap.sockets.push_back(Queued("::ffff:127.0.0.1", 80, "::ffff:127.0.0.1"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].unaccepted, 0u);
  EXPECT_EQ(out[1].unaccepted, 1u);
}

TEST(DeriveListeners, ReuseportGroupCountsChildrenOnLowestInode) {
  auto snap = MakeSnapshot();
  snap.sockets.push_back(Listen("0.0.0.0", 443, 1, 512, 30));
  snap.sockets.push_back(Listen("0.0.0.0", 443, 2, 512, 20));
  snap.sockets.push_back(Listen("0.0.0.0", 443, 0, 512, 40));
  snap.sockets.push_back(Queued("10.0.0.1", 443, "10.0.0.2"));
  snap.sockets.push_back(Queued("10.0.0.1", 443, "10.0.0.3"));
  snap.sockets.push_back(HalfOpen("10.0.0.1", 443, "10.0.0.4"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 3u);
  for (const auto& l : out) EXPECT_EQ(l.reuseport_group, 3u);
  EXPECT_EQ(out[1].inode, 20u);
  EXPECT_EQ(out[1].unaccepted, 2u);
  EXPECT_EQ(out[1].syn_recv, 1u);
  EXPECT_EQ(out[0].unaccepted + out[2].unaccepted + out[0].syn_recv + out[2].syn_recv, 0u);
  // Queue lengths stay per member.
  EXPECT_EQ(out[0].accept_queue_len, 1u);
  EXPECT_EQ(out[1].accept_queue_len, 2u);
}

TEST(DeriveListeners, NamespacesWithTheSamePortAreKeptApart) {
  auto snap = MakeSnapshot({testing::Netns(1), testing::Netns(2)});
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10, 1));
  snap.sockets.push_back(Listen("0.0.0.0", 80, 0, 128, 10, 2));  // same inode number, other netns
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.2", 2));
  snap.sockets.push_back(Queued("10.0.0.1", 80, "10.0.0.3", 2));
  snap.sockets.push_back(HalfOpen("10.0.0.1", 80, "10.0.0.4", 1));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].netns, 1u);
  EXPECT_EQ(out[0].unaccepted, 0u);
  EXPECT_EQ(out[0].syn_recv, 1u);
  EXPECT_EQ(out[0].reuseport_group, 1u);
  EXPECT_EQ(out[1].netns, 2u);
  EXPECT_EQ(out[1].unaccepted, 2u);
  EXPECT_EQ(out[1].syn_recv, 0u);
}

TEST(DeriveListeners, ScalesToManySockets) {
  // 100k sockets over 1000 listeners; a quadratic matcher would take minutes.
  auto snap = MakeSnapshot();
  for (uint16_t p = 0; p < 1000; ++p)
    snap.sockets.push_back(Listen("0.0.0.0", 10000 + p, 0, 128, 1 + p));
  for (uint32_t i = 0; i < 99000; ++i)
    snap.sockets.push_back(Queued("10.0.0.1", static_cast<uint16_t>(10000 + i % 1000), "10.0.0.2"));
  auto out = DeriveListeners(snap);
  ASSERT_EQ(out.size(), 1000u);
  for (const auto& l : out) EXPECT_EQ(l.unaccepted, 99u);
}

}  // namespace
}  // namespace sockscope::collect
