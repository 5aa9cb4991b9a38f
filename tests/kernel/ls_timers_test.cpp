// `ls -o` (issue "ss muscle memory"): the pending TCP timer of each socket,
// as ss -o prints it, on real keepalive sockets in a private namespace; and
// the output-format spellings before --format still work, with a note.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "command_support.h"
#include "netns_support.h"
#include "socket_support.h"

namespace sockscope::testing {
namespace {

using LsTimers = NetnsTest;
using ::testing::HasSubstr;

void KeepAlive(const UniqueFd& fd, int idle_seconds) {
  int on = 1;
  ASSERT_EQ(::setsockopt(fd.get(), SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on), 0);
  ASSERT_EQ(::setsockopt(fd.get(), IPPROTO_TCP, TCP_KEEPIDLE, &idle_seconds, sizeof idle_seconds),
            0);
}

// "timer:(keepalive,59sec,0)" -> (name, retrans); the time left differs
// between two runs, so it is only checked to be a time.
std::smatch Timer(const std::string& line) {
  static const std::regex kTimer(R"(timer:\((\w+),([0-9.]+(?:min|sec|ms)[0-9.a-z]*),(\d+)\))");
  std::smatch m;
  std::regex_search(line, m, kTimer);
  return m;
}

TEST_F(LsTimers, KeepaliveTimerAsSsShowsIt) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, 8);
  TcpPair pair = TcpEstablished(listener, "127.0.0.1");
  KeepAlive(pair.client, 60);
  const std::string port = std::to_string(LocalPort(pair.client));
  auto ss = RunCommand({"ss", "-tnoH", "sport = :" + port}, Millis(5000));
  ASSERT_EQ(ss.exit_code, 0) << ss.Describe();
  auto sc = RunSockscope({"ls", "-tnoH", "sport = :" + port});
  ASSERT_EQ(sc.exit_code, 0) << sc.Describe();
  std::smatch want = Timer(ss.out), got = Timer(sc.out);
  ASSERT_FALSE(want.empty()) << "ss shows no timer: " << ss.out;
  ASSERT_FALSE(got.empty()) << "sockscope shows no timer: " << sc.out;
  EXPECT_EQ(got[1], "keepalive");
  EXPECT_EQ(got[1], want[1]);
  EXPECT_EQ(got[3], want[3]);

  auto json = RunSockscope({"ls", "-tno", "-j", "sport = :" + port});
  ASSERT_EQ(json.exit_code, 0) << json.Describe();
  auto doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << json.out;
  ASSERT_EQ(doc["sockets"].size(), 1u) << json.out;
  const auto& timer = doc["sockets"][0]["timer"];
  EXPECT_EQ(timer.value("name", ""), "keepalive") << json.out;
  EXPECT_GT(timer.value("expires_ms", 0), 0) << json.out;
  EXPECT_LE(timer.value("expires_ms", 0), 60000) << json.out;
  EXPECT_EQ(timer.value("retrans", -1), 0) << json.out;
}

TEST_F(LsTimers, NoTimerNoField) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, 8);
  TcpPair pair = TcpEstablished(listener, "127.0.0.1");  // no keepalive, nothing in flight
  const std::string port = std::to_string(LocalPort(pair.client));
  auto sc = RunSockscope({"ls", "-tnoH", "sport = :" + port});
  ASSERT_EQ(sc.exit_code, 0) << sc.Describe();
  EXPECT_THAT(sc.out, ::testing::Not(HasSubstr("timer:"))) << sc.out;
}

TEST_F(LsTimers, OldFormatSpellingsStillWorkWithANote) {
  for (auto args : {std::vector<std::string>{"ls", "-t", "-o", "json"},
                    std::vector<std::string>{"--output", "json", "ls", "-t"},
                    std::vector<std::string>{"ls", "-t", "--output=json"}}) {
    auto r = RunSockscope(args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_TRUE(nlohmann::json::parse(r.out, nullptr, false).is_object()) << r.out;
    EXPECT_THAT(r.err, HasSubstr("deprecated")) << r.err;
  }
  auto r = RunSockscope({"ls", "-t", "--format", "json"});
  EXPECT_TRUE(nlohmann::json::parse(r.out, nullptr, false).is_object()) << r.out;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace sockscope::testing
