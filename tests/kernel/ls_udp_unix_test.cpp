// `sockscope ls -uan` and `-xan` against `ss` over UDP and UNIX sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsUdp = NetnsTest;
using LsUnix = NetnsTest;

TEST_F(LsUdp, BoundAndConnectedMatchSs) {
  UniqueFd bound4 = UdpBind("127.0.0.1");
  UniqueFd bound6 = UdpBind("::1");
  UniqueFd any4 = UdpBind("0.0.0.0");
  UniqueFd connected4 = UdpConnect("127.0.0.1", "127.0.0.1", LocalPort(bound4));
  UniqueFd connected6 = UdpConnect("::1", "::1", LocalPort(bound6));
  // One datagram left unread, so Recv-Q is not 0 everywhere.
  SendBytes(connected4, 200);
  ASSERT_TRUE(WaitUntil([&] { return ReceiveQueueBytes(bound4) == 200; }));
  ExpectLsMatchesSs({"-uan", "-H"}, {"-uan", "-H"}, 5);
}

// Issue 15: any /etc/services name in a filter, as ss (mdns is not in the
// built-in few).
TEST_F(LsUdp, Issue15FilterPortNamesComeFromEtcServices) {
  UniqueFd mdns = UdpBind("127.0.0.1", 5353);
  UniqueFd other = UdpBind("127.0.0.1", 5354);
  ExpectLsMatchesSs({"-uan", "-H", "sport", "=", ":mdns"}, {"-uan", "-H", "sport", "=", ":mdns"},
                    1);
  CommandResult ours = RunSockscope({"ls", "-uan", "-H", "sport", "=", ":mdns"});
  EXPECT_THAT(ours.out, ::testing::HasSubstr(":5353"));
  EXPECT_THAT(ours.out, ::testing::Not(::testing::HasSubstr(":5354")));
}

TEST_F(LsUdp, JsonStatesAreCloseAndEstablished) {
  UniqueFd bound = UdpBind("127.0.0.1");
  UniqueFd connected = UdpConnect("127.0.0.1", "127.0.0.1", LocalPort(bound));
  nlohmann::json doc = LsJson({"ls", "-uan", "-o", "json"});
  std::vector<nlohmann::json> unconnected = SocketsWithLocalPort(doc, LocalPort(bound));
  std::vector<nlohmann::json> peer_set = SocketsWithLocalPort(doc, LocalPort(connected));
  ASSERT_THAT(unconnected, ::testing::SizeIs(1)) << doc.dump(1);
  ASSERT_THAT(peer_set, ::testing::SizeIs(1)) << doc.dump(1);
  EXPECT_EQ(unconnected[0].value("state", ""), "CLOSE");
  EXPECT_EQ(unconnected[0].value("proto", ""), "udp");
  EXPECT_EQ(peer_set[0].value("state", ""), "ESTABLISHED");
  EXPECT_EQ(peer_set[0]["peer"].value("port", -1), LocalPort(bound));
}

TEST_F(LsUnix, StreamDgramAndAbstractMatchSs) {
  TempDir dir;
  const std::string stream_path = dir.File("stream.sock");
  const std::string dgram_path = dir.File("dgram.sock");
  const std::string abstract = "@sockscope-kt-" + std::to_string(getpid());
  UniqueFd listener = UnixListen(stream_path, 5);
  UniqueFd accepted_client = UnixConnect(stream_path);
  UniqueFd accepted = Accept(listener);
  UniqueFd pending = UnixConnect(stream_path);  // left in the accept queue
  UnixPair pair = UnixStreamPair();
  UniqueFd dgram = UnixDgramBind(dgram_path);
  UniqueFd dgram_sender = UnixConnect(dgram_path, SOCK_DGRAM);
  SendBytes(dgram_sender, 64);
  ASSERT_TRUE(WaitUntil([&] { return ReceiveQueueBytes(dgram) == 64; }));
  UniqueFd abstract_listener = UnixListen(abstract, 3);
  UniqueFd abstract_dgram = UnixDgramBind(abstract + "-dgram");
  ExpectLsMatchesSs({"-xan", "-H"}, {"-xan", "-H"}, 10);
}

TEST_F(LsUnix, NetidsMatchSs) {
  TempDir dir;
  UniqueFd listener = UnixListen(dir.File("s.sock"), 5);
  UniqueFd dgram = UnixDgramBind(dir.File("d.sock"));
  UnixPair pair = UnixStreamPair();
  CommandResult theirs = RunSs({"-xan", "-H"});
  CommandResult ours = RunSockscope({"ls", "-xan", "-H"});
  std::vector<std::string> their_netids;
  std::vector<std::string> our_netids;
  for (const SsRow& row : RowsOf(theirs, "ss")) their_netids.push_back(row.netid);
  for (const SsRow& row : RowsOf(ours, "sockscope")) our_netids.push_back(row.netid);
  ASSERT_EQ(their_netids.size(), 4u) << theirs.out;
  EXPECT_THAT(our_netids, ::testing::UnorderedElementsAreArray(their_netids)) << ours.out;
}

}  // namespace
}  // namespace sockscope::testing
