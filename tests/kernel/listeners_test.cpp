// `sockscope listeners -o json` on real listeners: accept queue length and
// max of a listener that never accepts (field report 000), overflow deltas
// over an interval, and half-open (SYN-RECV) requests counted on the listener
// they belong to.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include "check_support.h"
#include "netns_support.h"

namespace sockscope::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;
using ListenersJson = NetnsTest;

constexpr int kBacklog = 8;
constexpr int kClients = 20;

TEST_F(ListenersJson, ListenerThatNeverAcceptsShowsFullQueueAndUnaccepted) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, kBacklog);
  uint16_t port = LocalPort(listener);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
  // sk_acceptq_is_full() is len > max: the queue holds backlog + 1.
  ASSERT_TRUE(WaitForAcceptQueue(listener, kBacklog + 1)) << TcpInfo(listener).tcpi_unacked;

  JsonRun run = RunSockscopeJson({"listeners", "-o", "json"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.out;
  std::vector<nlohmann::json> rows = ListenersOnPort(run.doc, port);
  ASSERT_THAT(rows, SizeIs(1)) << run.doc.dump(1);
  const nlohmann::json& l = rows[0];
  EXPECT_EQ(l.value("netns", ""), netns().id());
  EXPECT_EQ(l["local"].value("addr", ""), "127.0.0.1");
  EXPECT_EQ(l["accept_queue"]["len"], kBacklog + 1) << l.dump();
  EXPECT_EQ(l["accept_queue"]["max"], kBacklog) << l.dump();
  EXPECT_EQ(l["accept_queue"]["full"], true) << l.dump();
  EXPECT_DOUBLE_EQ(l.value("fill", 0.0), (kBacklog + 1.0) / kBacklog) << l.dump();
  // The handshakes of the other clients were dropped, not left half-open.
  EXPECT_EQ(l["syn_recv"], 0) << l.dump();
  EXPECT_EQ(l["unaccepted"], kBacklog + 1) << l.dump();
  EXPECT_EQ(CountTcpEntries(port, TCP_ESTABLISHED), static_cast<size_t>(kBacklog + 1));
  // The listener is the test's; its waiting children are nobody's.
  EXPECT_EQ(l["owners_known"], true) << l.dump();
  EXPECT_THAT(Pids(l["processes"]), ElementsAre(getpid())) << l.dump();
  EXPECT_EQ(l["processes"][0].value("comm", ""), OwnComm()) << l.dump();
  EXPECT_EQ(l["processes"][0].value("fd", -1), listener.get()) << l.dump();
}

TEST_F(ListenersJson, IntervalShowsTheOverflowsOfThatInterval) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, kBacklog);
  uint16_t port = LocalPort(listener);
  std::vector<UniqueFd> clients;
  for (int i = 0; i <= kBacklog; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
  ASSERT_TRUE(WaitForAcceptQueue(listener, kBacklog + 1));

  uint64_t before = ReadCounter("TcpExt.ListenOverflows");
  JsonRun run;
  {
    // Every SYN that meets the full queue is dropped and counted.
    ConnectLoop loop("127.0.0.1", port, Millis(10));
    ASSERT_TRUE(WaitUntil([&] { return ReadCounter("TcpExt.ListenOverflows") > before; }))
        << "connects to a full queue did not count as ListenOverflows";
    run = RunSockscopeJson({"listeners", "--interval", "300ms", "-o", "json"});
  }
  uint64_t after = ReadCounter("TcpExt.ListenOverflows");

  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  ASSERT_TRUE(run.doc.contains("interval")) << run.doc.dump(1);
  const nlohmann::json& interval = run.doc["interval"];
  EXPECT_GE(interval.value("seconds", 0.0), 0.3) << interval.dump();
  EXPECT_GT(interval.value("listen_overflows", 0u), 0u) << interval.dump();
  EXPECT_LE(interval.value("listen_overflows", 0u), after - before) << interval.dump();
  // Each overflow is also a drop.
  EXPECT_GE(interval.value("listen_drops", 0u), interval.value("listen_overflows", 0u));
  std::vector<nlohmann::json> rows = ListenersOnPort(run.doc, port);
  ASSERT_THAT(rows, SizeIs(1)) << run.doc.dump(1);
  EXPECT_TRUE(rows[0].contains("drops_delta")) << rows[0].dump();
  EXPECT_EQ(rows[0]["accept_queue"]["len"], kBacklog + 1);
}

TEST_F(ListenersJson, HalfOpenRequestsCountOnTheListenerTheyReached) {
  VethPeer peer("10.77.0.1", "10.77.0.2");
  peer.DropServerToClient();
  // Same port on two addresses: the requests to 10.77.0.1 belong to the
  // listener bound there, not to the loopback one.
  UniqueFd target = TcpListen("10.77.0.1", 0, 64);
  uint16_t port = LocalPort(target);
  UniqueFd other = TcpListen("127.0.0.1", port, 64);
  std::vector<UniqueFd> clients;
  peer.InClient([&] {
    for (int i = 0; i < kClients; ++i) clients.push_back(TcpConnectStart("10.77.0.1", port));
  });
  ASSERT_TRUE(WaitUntil([&] { return CountTcpEntries(port, TCP_SYN_RECV) == kClients; }))
      << "SYN-RECV entries: " << CountTcpEntries(port, TCP_SYN_RECV);

  JsonRun run = RunSockscopeJson({"listeners", "-o", "json"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  std::vector<nlohmann::json> rows = ListenersOnPort(run.doc, port);
  ASSERT_THAT(rows, SizeIs(2)) << run.doc.dump(1);
  for (const nlohmann::json& l : rows) {
    bool is_target = l["local"].value("addr", "") == "10.77.0.1";
    EXPECT_EQ(l["syn_recv"], is_target ? kClients : 0) << l.dump();
    EXPECT_EQ(l["unaccepted"], 0) << l.dump();
    EXPECT_EQ(l["accept_queue"]["len"], 0) << l.dump();
    EXPECT_EQ(l["accept_queue"]["max"], 64) << l.dump();
  }
}

}  // namespace
}  // namespace sockscope::testing
