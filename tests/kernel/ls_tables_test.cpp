// Issue 15: ss's -f FAMILY and -A QUERY choose the same sockets, under the
// same columns, as in ss, in a private namespace holding TCP (v4 and v6),
// UDP and UNIX stream and datagram sockets; tables sockscope does not list
// are refused by name, never listed empty.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsTables = NetnsTest;

struct Mixed {
  TcpScenario tcp;
  UniqueFd udp4 = UdpBind("127.0.0.1", 5301);
  UniqueFd udp6 = UdpBind("::1", 5302);
  UnixPair unix_pair = UnixStreamPair();
  TempDir dir;
  UniqueFd unix_dgram = UnixDgramBind(dir.File("d.sock"));
};

TEST_F(LsTables, Issue15FamilyAndQueryChooseTheSocketsSsChooses) {
  Mixed world;
  const std::vector<std::vector<std::string>> cases = {
      {"-f", "inet", "-an"},      {"-f", "inet6", "-an"},      {"-f", "unix", "-a"},
      {"-A", "tcp,udp", "-an"},   {"-A", "unix_stream", "-a"}, {"-A", "unix_dgram", "-a"},
      {"-A", "udp", "-4", "-an"}, {"-f", "inet", "-t", "-an"}};
  for (const auto& args : cases) {
    std::vector<std::string> with_h = args;
    with_h.push_back("-H");
    ExpectLsMatchesSs(with_h, with_h, 1);
    CommandResult theirs = RunSs(args);
    std::vector<std::string> ls{"ls"};
    ls.insert(ls.end(), args.begin(), args.end());
    CommandResult ours = RunSockscope(ls);
    EXPECT_EQ(HeaderWords(ours.out), HeaderWords(theirs.out))
        << ::testing::PrintToString(args) << "\nss:\n"
        << theirs.out << "sockscope:\n"
        << ours.out;
  }
}

TEST_F(LsTables, Issue15TablesNotListedAreRefusedByName) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"ls", "-A", "raw"}, {"ls", "-A", "tcp,packet"}, {"ls", "-f", "netlink"}}) {
    CommandResult r = RunSockscope(args);
    EXPECT_EQ(r.exit_code, 64) << r.Describe();
    EXPECT_THAT(r.err, ::testing::HasSubstr("does not list these sockets yet")) << r.Describe();
  }
  CommandResult bad = RunSockscope({"ls", "-A", "tcp,\x1b[2Jnope"});
  EXPECT_EQ(bad.exit_code, 64) << bad.Describe();
  EXPECT_THAT(bad.err, ::testing::Not(::testing::HasSubstr("\x1b"))) << bad.Describe();
}

TEST_F(LsTables, Issue15QueryAllSaysWhatItLeavesOut) {
  Mixed world;
  CommandResult r = RunSockscope({"ls", "-A", "all", "-a"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.err, ::testing::HasSubstr("raw, packet and netlink sockets are not listed"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("u_str"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("udp"));
}

}  // namespace
}  // namespace sockscope::testing
