// Issue 15: `ls -s` is ss -s, number for number and byte for byte, in a
// private namespace holding TCP (both families, TIME-WAIT, established),
// UDP and raw sockets; with a socket type it prints the summary, then the
// table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsSummary = NetnsTest;

TEST_F(LsSummary, Issue15IsSsSummaryByteForByte) {
  TcpScenario scenario;  // listeners, established pairs, v4 and v6
  UniqueFd udp4 = UdpBind("127.0.0.1");
  UniqueFd udp6 = UdpBind("::1");
  UniqueFd raw(::socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
  ASSERT_TRUE(raw.valid()) << "raw socket";
  CommandResult theirs = RunSs({"-s"});
  CommandResult ours = RunSockscope({"ls", "-s"});
  ASSERT_EQ(theirs.exit_code, 0) << theirs.Describe();
  ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
  // Not a vacuous match: the namespace's sockets are counted.
  EXPECT_THAT(theirs.out, ::testing::HasSubstr("UDP\t  2         1         1"));
  EXPECT_THAT(theirs.out, ::testing::HasSubstr("RAW\t  1         1         0"));
  EXPECT_EQ(ours.out, theirs.out);
}

TEST_F(LsSummary, Issue15WithASocketTypeTheTableFollows) {
  TcpScenario scenario;
  CommandResult theirs = RunSs({"-s"});
  CommandResult ours = RunSockscope({"ls", "-stn"});
  ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
  // The summary's TCP line and table as ss's (Total also counts the
  // netlink socket sockscope holds while it lists), then the table.
  auto line = [](const std::string& text, size_t n) {
    size_t at = 0;
    for (size_t i = 0; i < n; ++i) at = text.find('\n', at) + 1;
    return text.substr(at, text.find('\n', at) - at);
  };
  for (size_t i = 1; i < 9; ++i) EXPECT_EQ(line(ours.out, i), line(theirs.out, i)) << i;
  EXPECT_THAT(line(ours.out, 10), ::testing::StartsWith("State "));
  EXPECT_THAT(line(ours.out, 10), ::testing::HasSubstr("Local Address:Port"));
  EXPECT_THAT(ours.out.substr(ours.out.find("\nState ")), ::testing::HasSubstr("\nESTAB "));
}

TEST_F(LsSummary, Issue15HasNoJsonForm) {
  CommandResult ours = RunSockscope({"ls", "-s", "-j"});
  EXPECT_EQ(ours.exit_code, 64) << ours.Describe();
  EXPECT_THAT(ours.err, ::testing::HasSubstr("stats -j"));
}

}  // namespace
}  // namespace sockscope::testing
