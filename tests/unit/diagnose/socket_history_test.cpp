// SocketHistory finds a socket's previous sample by identity: its cookie,
// or (protocol, ends, inode) for sources without cookies; nothing for a
// socket that is new, for UNIX sockets, or without a previous sample.
#include "diagnose/socket_history.h"

#include <gtest/gtest.h>

namespace sockscope::diagnose {
namespace {

model::Socket Tcp(uint64_t cookie, uint16_t port, uint32_t recv_q) {
  model::Socket s;
  s.netns = 4026531840;
  s.cookie = cookie;
  s.local = {*model::ParseIpAddr("10.0.0.1"), port};
  s.peer = {*model::ParseIpAddr("10.0.0.2"), 443};
  s.recv_q = recv_q;
  return s;
}

TEST(SocketHistory, FindsEverySocketOfTheLastSampleByItsCookie) {
  model::Snapshot before;
  for (uint64_t c = 1; c <= 5000; ++c)
    before.sockets.push_back(Tcp(c * 7919, static_cast<uint16_t>(c), static_cast<uint32_t>(c)));
  SocketHistory history(&before);
  ASSERT_TRUE(history.HasPrevious());
  for (uint64_t c = 1; c <= 5000; ++c) {
    const model::Socket* found = history.Before(Tcp(c * 7919, 1, 0));
    ASSERT_NE(found, nullptr) << c;
    EXPECT_EQ(found->recv_q, c);
  }
  EXPECT_EQ(history.Before(Tcp(3, 1, 0)), nullptr) << "a new socket";
  model::Socket elsewhere = Tcp(7919, 1, 0);
  elsewhere.netns = 4026532000;  // the same cookie in another namespace's sample
  EXPECT_EQ(history.Before(elsewhere), nullptr);
}

TEST(SocketHistory, WithoutCookiesTheEndsAndInodeIdentifyASocket) {
  model::Snapshot before;
  before.sockets.push_back(Tcp(0, 8080, 11));
  before.sockets.back().inode = 500;
  before.sockets.push_back(Tcp(0, 8080, 22));
  before.sockets.back().inode = 501;  // same ends, another socket
  SocketHistory history(&before);
  model::Socket now = Tcp(0, 8080, 0);
  now.inode = 501;
  ASSERT_NE(history.Before(now), nullptr);
  EXPECT_EQ(history.Before(now)->recv_q, 22u);
  now.inode = 502;
  EXPECT_EQ(history.Before(now), nullptr);
}

TEST(SocketHistory, UnixSocketsAndNoPreviousSampleHaveNoHistory) {
  model::Snapshot before;
  before.sockets.push_back(Tcp(42, 1, 0));
  before.sockets.back().proto = model::Proto::kUnix;
  SocketHistory history(&before);
  model::Socket now = Tcp(42, 1, 0);
  now.proto = model::Proto::kUnix;
  EXPECT_EQ(history.Before(now), nullptr);
  SocketHistory none(nullptr);
  EXPECT_FALSE(none.HasPrevious());
  EXPECT_EQ(none.Before(Tcp(42, 1, 0)), nullptr);
}

}  // namespace
}  // namespace sockscope::diagnose
