// ResetSocket: a decoder's reused Socket is a default one again, with
// what it held on the heap freed (ASan reports a leak otherwise).
#include <gtest/gtest.h>

#include "model/socket.h"

namespace sockscope::model {
namespace {

TEST(ResetSocket, EveryFieldIsItsDefaultAndTheHeapPartsAreFreed) {
  Socket s;
  s.netns = 1;
  s.inode = 2;
  s.cookie = 3;
  s.cgroup_id = 4;
  s.unix_path = std::string_view("/run/app.sock");
  s.congestion = std::string_view("bbr");
  s.tcp_info = TcpInfo{};
  s.mem = MemInfo{};
  s.recv_q = 5;
  s.local.port = 80;
  s.peer.port = 4000;
  s.proto = Proto::kUdp;
  s.family = Family::kInet6;
  s.state = State::kListen;
  s.send_q_known = false;
  s.v6only = s.v6only_known = true;
  s.inet_extras_known = Socket::kTosKnown;
  ResetSocket(s);
  const Socket fresh;
  EXPECT_EQ(s.netns, fresh.netns);
  EXPECT_EQ(s.inode, fresh.inode);
  EXPECT_EQ(s.cookie, fresh.cookie);
  EXPECT_EQ(s.cgroup_id, fresh.cgroup_id);
  EXPECT_TRUE(s.unix_path.empty());
  EXPECT_TRUE(s.congestion.empty());
  EXPECT_FALSE(s.tcp_info);
  EXPECT_FALSE(s.mem);
  EXPECT_EQ(s.recv_q, fresh.recv_q);
  EXPECT_EQ(s.local, fresh.local);
  EXPECT_EQ(s.peer, fresh.peer);
  EXPECT_EQ(s.proto, fresh.proto);
  EXPECT_EQ(s.family, fresh.family);
  EXPECT_EQ(s.state, fresh.state);
  EXPECT_EQ(s.send_q_known, fresh.send_q_known);
  EXPECT_EQ(s.v6only, fresh.v6only);
  EXPECT_EQ(s.v6only_known, fresh.v6only_known);
  EXPECT_EQ(s.inet_extras_known, fresh.inet_extras_known);
}

}  // namespace
}  // namespace sockscope::model
