// `sockscope ls -o json`: document shape, accept queues of listeners and the
// owners of each end of a connection, against the kernel's own answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using ::testing::SizeIs;
using LsJsonDoc = NetnsTest;

TEST_F(LsJsonDoc, HasSocketsNotesAndTheTestsNamespace) {
  TcpScenario scenario;
  nlohmann::json doc = LsJson({"ls", "-tan", "-o", "json"});
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_TRUE(doc.contains("sockets") && doc["sockets"].is_array()) << doc.dump(1);
  ASSERT_TRUE(doc.contains("notes") && doc["notes"].is_array()) << doc.dump(1);
  ASSERT_FALSE(doc["sockets"].empty());
  for (const nlohmann::json& socket : doc["sockets"]) {
    EXPECT_EQ(socket.value("netns", ""), netns().id()) << socket.dump();
    EXPECT_FALSE(socket.contains("processes")) << "processes without -p: " << socket.dump();
  }
}

TEST_F(LsJsonDoc, ListenerQueueIsAcceptQueueLengthAndMax) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, 8);
  uint16_t port = LocalPort(listener);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 20; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
  // The kernel queues backlog + 1 connections (sk_acceptq_is_full uses '>').
  ASSERT_TRUE(WaitForAcceptQueue(listener, 9)) << TcpInfo(listener).tcpi_unacked;
  ASSERT_EQ(TcpInfo(listener).tcpi_sacked, 8u);

  nlohmann::json doc = LsJson({"ls", "-tln", "-o", "json"});
  std::vector<nlohmann::json> rows = SocketsWithLocalPort(doc, port);
  ASSERT_THAT(rows, SizeIs(1)) << doc.dump(1);
  EXPECT_EQ(rows[0].value("state", ""), "LISTEN");
  EXPECT_EQ(rows[0]["recv_q"], TcpInfo(listener).tcpi_unacked) << rows[0].dump();
  EXPECT_EQ(rows[0]["send_q"], TcpInfo(listener).tcpi_sacked) << rows[0].dump();
}

TEST_F(LsJsonDoc, OwnersOfListenerUnacceptedEndAndHeldClient) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, 8);
  uint16_t port = LocalPort(listener);
  UniqueFd client = TcpConnect("127.0.0.1", port);
  uint16_t client_port = LocalPort(client);
  ASSERT_TRUE(WaitForAcceptQueue(listener, 1));
  std::vector<UniqueFd> given;
  given.push_back(std::move(client));
  ChildHolder holder(std::move(given), "kt-holder");

  nlohmann::json doc = LsJson({"ls", "-tanp", "-o", "json"});
  ASSERT_FALSE(doc.is_discarded());

  std::vector<nlohmann::json> server_side = SocketsWithLocalPort(doc, port);
  ASSERT_THAT(server_side, SizeIs(2)) << "listener and unaccepted end: " << doc.dump(1);
  for (const nlohmann::json& socket : server_side) {
    ASSERT_TRUE(socket.contains("processes")) << socket.dump();
    if (socket.value("state", "") == "LISTEN") {
      EXPECT_THAT(socket["processes"],
                  ::testing::Contains(::testing::ResultOf(
                      [](const nlohmann::json& p) { return p.value("pid", -1); }, getpid())))
          << socket.dump();
    } else {
      EXPECT_EQ(socket.value("state", ""), "ESTABLISHED") << socket.dump();
      EXPECT_EQ(socket["peer"].value("port", -1), client_port) << socket.dump();
      EXPECT_TRUE(socket["processes"].is_array() && socket["processes"].empty())
          << "nobody holds an unaccepted connection: " << socket.dump();
    }
  }

  std::vector<nlohmann::json> client_side = SocketsWithLocalPort(doc, client_port);
  ASSERT_THAT(client_side, SizeIs(1)) << doc.dump(1);
  const nlohmann::json& processes = client_side[0].value("processes", nlohmann::json());
  ASSERT_TRUE(processes.is_array() && processes.size() == 1) << client_side[0].dump();
  EXPECT_EQ(processes[0].value("pid", -1), holder.pid());
  EXPECT_EQ(processes[0].value("comm", ""), "kt-holder");
  EXPECT_TRUE(processes[0].contains("fd")) << processes[0].dump();
}

}  // namespace
}  // namespace sockscope::testing
