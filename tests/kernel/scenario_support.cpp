#include "scenario_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <system_error>

namespace sockscope::testing {

TcpScenario::TcpScenario()
    : listener4(TcpListen("127.0.0.1", 0, kBacklog)),
      listener6(TcpListen("::1", 0, 4)),
      listener_any(TcpListen("::", 0, 16)),
      port4(LocalPort(listener4)),
      port6(LocalPort(listener6)) {
  // The accepted pair first: accept() takes the oldest queued connection, so
  // it must be made before the connections that stay unaccepted.
  unread4 = TcpEstablished(listener4, "127.0.0.1");
  FillReceiveQueue(unread4, kUnreadBytes);
  for (uint32_t i = 0; i < kUnaccepted; ++i) {
    unaccepted_clients.push_back(TcpConnect("127.0.0.1", port4));
  }
  if (!WaitForAcceptQueue(listener4, kUnaccepted)) {
    throw std::system_error(ETIMEDOUT, std::generic_category(), "accept queue did not fill");
  }
  established6 = TcpEstablished(listener6, "::1");
  close_wait6 = TcpEstablished(listener6, "::1");
  MakeCloseWait(close_wait6);
}

std::vector<SsRow> RowsOf(const CommandResult& result, const std::string& what) {
  EXPECT_EQ(result.exit_code, 0) << what << ": " << result.Describe();
  return ParseSsOutput(result.out);
}

void ExpectLsMatchesSs(const std::vector<std::string>& ls_args,
                       const std::vector<std::string>& ss_args, size_t ss_rows_expected_min) {
  std::vector<std::string> ls{"ls"};
  ls.insert(ls.end(), ls_args.begin(), ls_args.end());
  CommandResult theirs = RunSs(ss_args);
  CommandResult ours = RunSockscope(ls);
  std::vector<SsRow> their_rows = RowsOf(theirs, "ss");
  std::vector<SsRow> our_rows = RowsOf(ours, "sockscope");
  ASSERT_GE(their_rows.size(), ss_rows_expected_min) << "ss output:\n" << theirs.out;
  EXPECT_THAT(RowKeys(our_rows), ::testing::UnorderedElementsAreArray(RowKeys(their_rows)))
      << "sockscope output:\n"
      << ours.out << "ss output:\n"
      << theirs.out;
}

nlohmann::json LsJson(const std::vector<std::string>& args) {
  CommandResult result = RunSockscope(args);
  EXPECT_EQ(result.exit_code, 0) << result.Describe();
  nlohmann::json doc = ParseJson(result.out);
  EXPECT_FALSE(doc.is_discarded()) << "not JSON:\n" << result.out;
  return doc;
}

namespace {

std::vector<nlohmann::json> WithPort(const nlohmann::json& doc, const char* side, uint16_t port) {
  std::vector<nlohmann::json> found;
  if (doc.is_discarded() || !doc.contains("sockets") || !doc["sockets"].is_array()) return found;
  for (const nlohmann::json& socket : doc["sockets"]) {
    const nlohmann::json& endpoint = socket.value(side, nlohmann::json());
    if (endpoint.is_object() && endpoint.value("port", -1) == port) found.push_back(socket);
  }
  return found;
}

}  // namespace

std::vector<nlohmann::json> SocketsWithLocalPort(const nlohmann::json& doc, uint16_t port) {
  return WithPort(doc, "local", port);
}

std::vector<nlohmann::json> SocketsWithPeerPort(const nlohmann::json& doc, uint16_t port) {
  return WithPort(doc, "peer", port);
}

}  // namespace sockscope::testing
