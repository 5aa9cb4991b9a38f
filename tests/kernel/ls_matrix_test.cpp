// Issue 15: the comparison matrix. In a private namespace holding TCP in
// several states (v4, v6, dual-stack, unaccepted, unread, CLOSE-WAIT), bound
// and connected UDP, raw and UNIX sockets, every invocation prints the same
// lines as ss 6.1, in the same order, after whitespace normalisation. The
// only other change: values that are clocks ticking between the two runs
// (-i's lastsnd/lastrcv/lastack, a timer's time left) are masked in both.
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

using LsMatrix = NetnsTest;

std::vector<std::string> Comparable(const std::string& out) {
  static const std::regex kClocks(R"(\b(lastsnd|lastrcv|lastack):[0-9]+)");
  static const std::regex kTimerLeft(R"(timer:\(([a-z_]+),[^,]+,)");
  std::vector<std::string> lines = SqueezedLines(out);
  for (auto& line : lines) {
    line = std::regex_replace(line, kClocks, "$1:N");
    line = std::regex_replace(line, kTimerLeft, "timer:($1,T,");
  }
  return lines;
}

struct World {
  TcpScenario tcp;
  UniqueFd udp4 = UdpBind("127.0.0.1", 5353);
  UniqueFd udp6 = UdpBind("::1", 5354);
  UniqueFd udp_connected = UdpConnect("127.0.0.1", "127.0.0.1", 5353);
  UnixPair unix_pair = UnixStreamPair();
  TempDir dir;
  UniqueFd unix_dgram = UnixDgramBind(dir.File("d.sock"));
  UniqueFd raw{::socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)};
};

TEST_F(LsMatrix, Issue15SameLinesAsSsForEveryInvocation) {
  World world;
  ASSERT_TRUE(world.raw.valid());
  const std::vector<std::vector<std::string>> invocations = {
      {"-tan"},
      {"-tanp"},
      {"-tlnp"},
      {"-tuln"},
      {"-tano"},
      {"-tni"},
      {"-tnm"},
      {"-tne"},
      {"-tnoie", "-m"},
      {"-uanp"},
      {"-xa"},
      {"-wan"},
      {"-n"},
      {"-tan", "-4"},
      {"-tan", "-6"},
      {"-tanH"},
      {"-tn", "state", "established"},
      {"-tan", "state", "listening"},
      {"-tan", "exclude", "established"},
      {"-tan", "sport", "=", ":" + std::to_string(world.tcp.port4)},
      {"-tan", "dst", "[::1]"},
      {"-tan", "(", "sport", ">", ":1024", "or", "dport", "<", ":100", ")", "and", "not", "src",
       "127.0.0.0/8"},
  };
  for (const auto& args : invocations) {
    CommandResult theirs = RunSs(args);
    std::vector<std::string> ls{"ls"};
    ls.insert(ls.end(), args.begin(), args.end());
    CommandResult ours = RunSockscope(ls);
    ASSERT_EQ(theirs.exit_code, 0) << theirs.Describe();
    ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
    const std::vector<std::string> want = Comparable(theirs.out);
    EXPECT_EQ(Comparable(ours.out), want) << ::testing::PrintToString(args) << "\nss:\n"
                                          << theirs.out << "sockscope:\n"
                                          << ours.out;
  }
}

}  // namespace
}  // namespace sockscope::testing
