// `--source proc` against `--source netlink`, and `-o ndjson` against
// `-o json`, over the same sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsSource = NetnsTest;
using LsNdjson = NetnsTest;

TEST_F(LsSource, ProcAndNetlinkAgreeOnTcp) {
  TcpScenario scenario;
  CommandResult netlink = RunSockscope({"ls", "--source", "netlink", "-tan", "-H"});
  CommandResult proc = RunSockscope({"ls", "--source", "proc", "-tan", "-H"});
  std::vector<SsRow> netlink_rows = RowsOf(netlink, "netlink");
  std::vector<SsRow> proc_rows = RowsOf(proc, "proc");
  ASSERT_GE(netlink_rows.size(), 15u) << netlink.out;
  // /proc/net/tcp has no field for a listener's accept queue maximum.
  for (SsRow& row : netlink_rows) {
    if (NormaliseState(row.state) == "LISTEN") row.send_q = "-";
  }
  EXPECT_THAT(RowKeys(proc_rows), ::testing::UnorderedElementsAreArray(RowKeys(netlink_rows)))
      << "proc:\n"
      << proc.out << "netlink:\n"
      << netlink.out;
}

TEST_F(LsSource, ProcListenerMaxIsNullInJson) {
  TcpScenario scenario;
  nlohmann::json doc = LsJson({"ls", "--source", "proc", "-tan", "-o", "json"});
  std::vector<nlohmann::json> rows = SocketsWithLocalPort(doc, scenario.port4);
  ASSERT_FALSE(rows.empty()) << doc.dump(1);
  for (const nlohmann::json& socket : rows) {
    if (socket.value("state", "") == "LISTEN") {
      EXPECT_TRUE(socket.contains("send_q") && socket["send_q"].is_null()) << socket.dump();
      EXPECT_EQ(socket["recv_q"], TcpScenario::kUnaccepted) << socket.dump();
    } else {
      EXPECT_TRUE(socket["send_q"].is_number()) << socket.dump();
    }
  }
}

TEST_F(LsNdjson, EveryLineParsesAndCountMatchesJson) {
  TcpScenario scenario;
  CommandResult ndjson = RunSockscope({"ls", "-tan", "-o", "ndjson"});
  ASSERT_EQ(ndjson.exit_code, 0) << ndjson.Describe();
  nlohmann::json doc = LsJson({"ls", "-tan", "-o", "json"});
  ASSERT_TRUE(!doc.is_discarded() && doc.contains("sockets")) << doc.dump(1);

  size_t sockets = 0;
  size_t notes = 0;
  size_t status_lines = 0;
  std::string last;
  std::istringstream lines(ndjson.out);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json object = ParseJson(line);
    ASSERT_FALSE(object.is_discarded()) << "not JSON: " << line;
    ASSERT_TRUE(object.is_object()) << line;
    last = line;
    if (object.contains("note")) {
      ++notes;
    } else if (object.contains("complete")) {
      ++status_lines;
      EXPECT_TRUE(object["complete"].get<bool>()) << line;
      EXPECT_EQ(object["sources"], doc["sources"]) << line;
    } else {
      ++sockets;
      EXPECT_TRUE(object.contains("state") && object.contains("local")) << line;
    }
  }
  EXPECT_EQ(sockets, doc["sockets"].size());
  EXPECT_EQ(notes, doc.value("notes", nlohmann::json::array()).size());
  EXPECT_EQ(status_lines, 1u) << "one completeness line, the last";
  EXPECT_NE(last.find("\"complete\""), std::string::npos) << last;
  EXPECT_EQ(sockets, RowsOf(RunSs({"-tan", "-H"}), "ss").size());
}

}  // namespace
}  // namespace sockscope::testing
