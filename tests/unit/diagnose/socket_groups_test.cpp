// GroupOfSocket gives one socket the group GroupSockets gives it among all
// (program, local port when that port listens, else peer), without walking
// the snapshot per socket.
#include "diagnose/socket_groups.h"

#include <gtest/gtest.h>

#include "test_snapshots.h"

namespace sockscope::diagnose {
namespace {

using model::State;
using testing::Proc;

model::Snapshot World() {
  model::Snapshot s;
  s.owners_collected = true;
  s.sockets.push_back(testing::Listen("0.0.0.0", 8080, 0, 128, 10));
  s.sockets.push_back(testing::Tcp(State::kEstablished, "10.0.0.1", 8080, "10.0.0.2", 5000, 0));
  s.sockets.push_back(testing::Tcp(State::kEstablished, "10.0.0.1", 40000, "10.0.0.9", 5432, 0));
  auto udp = testing::Tcp(State::kClose, "0.0.0.0", 53, "0.0.0.0", 0, 20);
  udp.proto = model::Proto::kUdp;
  s.sockets.push_back(udp);
  auto unix_socket = testing::Tcp(State::kEstablished, "0.0.0.0", 0, "0.0.0.0", 0, 30);
  unix_socket.proto = model::Proto::kUnix;
  s.sockets.push_back(unix_socket);
  s.owners.Add(20, Proc(77, "dnsd", 4));
  return s;
}

TEST(GroupOfSocket, IsTheGroupGroupSocketsGivesThatSocketAlone) {
  const model::Snapshot s = World();
  for (const auto& socket : s.sockets) {
    auto one = GroupOfSocket(s, socket);
    auto all = GroupSockets(s, [&](const model::Socket& x) { return &x == &socket; });
    ASSERT_EQ(one.size(), all.size()) << socket.local.port;
    for (size_t i = 0; i < one.size(); ++i) {
      EXPECT_EQ(one[i].by, all[i].by);
      EXPECT_EQ(one[i].Describe(), all[i].Describe());
      EXPECT_EQ(one[i].sockets, all[i].sockets);
    }
  }
  EXPECT_EQ(GroupOfSocket(s, s.sockets[1]).at(0).by, SocketGroup::By::kLocalPort)
      << "server side of a listening port";
  EXPECT_EQ(GroupOfSocket(s, s.sockets[2]).at(0).Describe(), "connections to 10.0.0.9:5432");
  EXPECT_EQ(GroupOfSocket(s, s.sockets[3]).at(0).Describe(), "dnsd (pid 77)");
  EXPECT_TRUE(GroupOfSocket(s, s.sockets[4]).empty()) << "UNIX sockets are not grouped";
}

}  // namespace
}  // namespace sockscope::diagnose
