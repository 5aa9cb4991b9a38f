// Issue 15: `ls --format netstat` prints what net-tools netstat prints for
// the same flags, line for line (rows compared as sets: the two read the
// kernel's tables in their own orders), in a private namespace with TCP in
// several states, v4 and v6, bound and connected UDP, and raw sockets
// (netstat prints their state as a number). Numeric flags:
// the format never resolves names (docs/ls.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "netns_support.h"
#include "scenario_support.h"
#include "serve_support.h"

namespace sockscope::testing {
namespace {

using LsNetstat = NetnsTest;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST_F(LsNetstat, Issue15FormatNetstatIsNetstatLineForLine) {
  if (!OnPath("netstat")) GTEST_SKIP() << "netstat (net-tools) is not installed";
  TcpScenario scenario;
  UniqueFd udp_bound = UdpBind("127.0.0.1", 5353);
  UniqueFd udp6_bound = UdpBind("::1", 5354);
  UniqueFd udp_connected = UdpConnect("127.0.0.1", "127.0.0.1", 5353);
  UniqueFd raw(::socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
  UniqueFd raw6(::socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6));
  ASSERT_TRUE(raw.valid() && raw6.valid());
  for (const std::string flags :
       {"-antp", "-tlnp", "-tn", "-anup", "-aunt", "-ltun", "-un", "-anw", "-antuwp"}) {
    CommandResult theirs = RunCommand({"netstat", flags});
    CommandResult ours = RunSockscope({"--format", "netstat", "ls", flags});
    ASSERT_EQ(theirs.exit_code, 0) << theirs.Describe();
    ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
    std::vector<std::string> a = Lines(ours.out), b = Lines(theirs.out);
    ASSERT_GE(b.size(), 3u) << flags << ": netstat listed nothing\n" << theirs.out;
    ASSERT_GE(a.size(), 2u) << ours.out;
    EXPECT_EQ(a[0], b[0]) << flags;
    EXPECT_EQ(a[1], b[1]) << flags;
    std::sort(a.begin() + 2, a.end());
    std::sort(b.begin() + 2, b.end());
    EXPECT_EQ(a, b) << flags << "\nsockscope:\n" << ours.out << "netstat:\n" << theirs.out;
  }
}

TEST_F(LsNetstat, Issue15OnlyForLsAndOnlyInternetSockets) {
  CommandResult check = RunSockscope({"--format", "netstat", "check"});
  EXPECT_EQ(check.exit_code, 64) << check.Describe();
  CommandResult unix_sockets = RunSockscope({"--format", "netstat", "ls", "-x"});
  EXPECT_EQ(unix_sockets.exit_code, 64) << unix_sockets.Describe();
  EXPECT_THAT(unix_sockets.err, ::testing::HasSubstr("TCP, UDP and raw"));
}

}  // namespace
}  // namespace sockscope::testing
