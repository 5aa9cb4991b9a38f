// Issue 15: ss's -f FAMILY and -A QUERY choose the same sockets, under the
// same columns, as in ss, in a private namespace holding TCP (v4 and v6),
// UDP, raw, MPTCP, packet and UNIX stream and datagram sockets; with no table named
// the same lines in the same order as ss; tables sockscope does not list are
// refused by name, never listed empty.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <linux/if_ether.h>
#include <netinet/in.h>
#include <sys/socket.h>

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
           {"ls", "-A", "sctp"}, {"ls", "-A", "tcp,vsock"}, {"ls", "-f", "xdp"}}) {
    CommandResult r = RunSockscope(args);
    EXPECT_EQ(r.exit_code, 64) << r.Describe();
    EXPECT_THAT(r.err, ::testing::HasSubstr("does not list these sockets (")) << r.Describe();
  }
  // ss options sockscope does not take are refused by name, with a reason.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"ls", "-T"}, {"ls", "-tanZ"}, {"ls", "-S"}, {"ls", "--vsock"}, {"ls", "-b"}}) {
    CommandResult r = RunSockscope(args);
    EXPECT_EQ(r.exit_code, 64) << r.Describe();
    EXPECT_THAT(r.err, ::testing::HasSubstr("docs/ls.md lists every ss option")) << r.Describe();
    EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr("unexpected argument"))) << r.Describe();
  }
  CommandResult bad = RunSockscope({"ls", "-A", "tcp,\x1b[2Jnope"});
  EXPECT_EQ(bad.exit_code, 64) << bad.Describe();
  EXPECT_THAT(bad.err, ::testing::Not(::testing::HasSubstr("\x1b"))) << bad.Describe();
}

TEST_F(LsTables, Issue15QueryAllListsEveryTableSockscopeHas) {
  Mixed world;
  UniqueFd packet(::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP)));
  ASSERT_TRUE(packet.valid());
  CommandResult r = RunSockscope({"ls", "-A", "all", "-an"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(SqueezedLines(r.out), ::testing::Contains("p_dgr UNCONN 0 0 [2048]:* *")) << r.out;
  EXPECT_THAT(r.out, ::testing::HasSubstr("nl "));
  EXPECT_THAT(r.out, ::testing::HasSubstr("u_str"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("udp"));
}

// Where the kernel has no packet_diag, ss reads /proc/net/packet: the same
// rows as sock_diag gives (-e's details aside), with a note saying so.
TEST_F(LsTables, Issue15PacketSocketsFromProcAreTheSameRows) {
  UniqueFd all(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL)));
  UniqueFd ip(::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP)));
  ASSERT_TRUE(all.valid() && ip.valid());
  CommandResult diag = RunSockscope({"ls", "-0", "--source", "netlink"});
  CommandResult proc = RunSockscope({"ls", "-0", "--source", "proc"});
  ASSERT_EQ(diag.exit_code, 0) << diag.Describe();
  ASSERT_EQ(proc.exit_code, 0) << proc.Describe();
  EXPECT_EQ(SqueezedLines(proc.out), SqueezedLines(diag.out));
  EXPECT_EQ(SqueezedLines(diag.out).size(), 3u) << diag.out;  // the header and two sockets
  CommandResult json = RunSockscope({"ls", "-0", "--source", "proc", "-j"});
  EXPECT_THAT(json.out, ::testing::HasSubstr(R"("source":"packet")")) << json.out;
  EXPECT_THAT(json.out, ::testing::HasSubstr(R"("via":"proc")")) << json.out;
}

// No protocol flag: ss lists every table (UNIX, raw, UDP, TCP, MPTCP, in
// that order) in its default states; so does ls, line for line.
TEST_F(LsTables, Issue15NoTableNamedListsWhatSsListsInItsOrder) {
  Mixed world;
  UniqueFd udp_connected = UdpConnect("127.0.0.1", "127.0.0.1", 5301);
  // Connected raw sockets are ESTABLISHED, the state ss shows by default.
  UniqueFd raw(::socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
  ASSERT_TRUE(raw.valid());
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(raw.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to), 0);
  UniqueFd raw_unconnected(::socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6));
  // MPTCP where the kernel has it (net.mptcp.enabled): a listener and a pair.
  UniqueFd mptcp(::socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP));
  UniqueFd mptcp_client, mptcp_server;
  if (mptcp.valid()) {
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    at.sin_port = htons(5400);
    ASSERT_EQ(::bind(mptcp.get(), reinterpret_cast<const sockaddr*>(&at), sizeof at), 0);
    ASSERT_EQ(::listen(mptcp.get(), 4), 0);
    mptcp_client = UniqueFd(::socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP));
    ASSERT_EQ(::connect(mptcp_client.get(), reinterpret_cast<const sockaddr*>(&at), sizeof at), 0);
    mptcp_server = Accept(mptcp);
  }
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"-n"}, {"-4n"}, {"-6n"}, {}}) {
    CommandResult theirs = RunSs(args);
    std::vector<std::string> ls{"ls"};
    ls.insert(ls.end(), args.begin(), args.end());
    CommandResult ours = RunSockscope(ls);
    ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
    const std::vector<std::string> their_lines = SqueezedLines(theirs.out);
    EXPECT_EQ(SqueezedLines(ours.out), their_lines) << ::testing::PrintToString(args) << "\nss:\n"
                                                    << theirs.out << "sockscope:\n"
                                                    << ours.out;
    if (args == std::vector<std::string>{"-n"}) {
      // Not a vacuous match: every table is there.
      std::string netids;
      for (const auto& line : their_lines) netids += line.substr(0, line.find(' ')) + " ";
      for (const char* netid : {"u_str", "raw", "udp", "tcp"})
        EXPECT_THAT(netids, ::testing::HasSubstr(netid)) << theirs.out;
      if (mptcp.valid()) {
        EXPECT_THAT(netids, ::testing::HasSubstr("mptcp")) << theirs.out;
      }
    }
  }
}

}  // namespace
}  // namespace sockscope::testing
