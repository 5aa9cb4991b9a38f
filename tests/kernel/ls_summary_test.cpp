// Issue 15: `ls -s` is ss -s, line for line, in a
// private namespace holding TCP (both families, TIME-WAIT, established),
// UDP and raw sockets; with a socket type it prints the summary, then the
// table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <regex>
#include <string>
#include <vector>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsSummary = NetnsTest;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

TEST_F(LsSummary, Issue15MatchesSsSummary) {
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
  // Byte for byte but for the counts the kernel keeps machine-wide, not per
  // namespace (TCP alloc and orphan, behind the TCP line's total, closed and
  // orphaned), which other processes move between the two runs: there the
  // layout and the per-namespace estab and timewait must agree.
  const std::vector<std::string> mine = Lines(ours.out), ss = Lines(theirs.out);
  ASSERT_EQ(mine.size(), ss.size()) << ours.out << "\nss:\n" << theirs.out;
  static const std::regex kTcpLine(
      R"(TCP:   -?[0-9]+ \(estab ([0-9]+), closed -?[0-9]+, orphaned [0-9]+, timewait ([0-9]+)\))");
  for (size_t i = 0; i < mine.size(); ++i) {
    if (i != 1) {
      EXPECT_EQ(mine[i], ss[i]) << "line " << i;
      continue;
    }
    std::smatch a, b;
    ASSERT_TRUE(std::regex_match(mine[i], a, kTcpLine)) << mine[i];
    ASSERT_TRUE(std::regex_match(ss[i], b, kTcpLine)) << ss[i];
    EXPECT_EQ(a[1], b[1]) << "estab";
    EXPECT_EQ(a[2], b[2]) << "timewait";
  }
}

TEST_F(LsSummary, Issue15WithASocketTypeTheTableFollows) {
  TcpScenario scenario;
  CommandResult theirs = RunSs({"-s"});
  CommandResult ours = RunSockscope({"ls", "-stn"});
  ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
  // The summary's transport table as ss's (Total also counts the netlink
  // socket sockscope holds while it lists; the TCP line has machine-wide
  // counts), then the table.
  const std::vector<std::string> mine = Lines(ours.out), ss = Lines(theirs.out);
  ASSERT_GE(mine.size(), 11u) << ours.out;
  ASSERT_GE(ss.size(), 9u) << theirs.out;
  for (size_t i = 2; i < 9; ++i) EXPECT_EQ(mine[i], ss[i]) << i;
  EXPECT_THAT(mine[10], ::testing::StartsWith("State "));
  EXPECT_THAT(mine[10], ::testing::HasSubstr("Local Address:Port"));
  EXPECT_THAT(ours.out.substr(ours.out.find("\nState ")), ::testing::HasSubstr("\nESTAB "));
}

TEST_F(LsSummary, Issue15HasNoJsonForm) {
  CommandResult ours = RunSockscope({"ls", "-s", "-j"});
  EXPECT_EQ(ours.exit_code, 64) << ours.Describe();
  EXPECT_THAT(ours.err, ::testing::HasSubstr("stats -j"));
}

}  // namespace
}  // namespace sockscope::testing
