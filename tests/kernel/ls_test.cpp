// `sockscope ls` over TCP against `ss`, table and JSON, in a private netns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <map>
#include <string>
#include <vector>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsTcp = NetnsTest;

TEST_F(LsTcp, AllStatesMatchSs) {
  TcpScenario scenario;
  // 3 listeners + unread pair (2) + 3 unaccepted (x2) + 2 pairs v6 (x2).
  ExpectLsMatchesSs({"-tan", "-H"}, {"-tan", "-H"}, 15);
}

TEST_F(LsTcp, ListeningOnlyMatchesSs) {
  TcpScenario scenario;
  ExpectLsMatchesSs({"-tln", "-H"}, {"-tln", "-H"}, 3);
}

TEST_F(LsTcp, WithoutNumericFlagMatchesSs) {
  TcpScenario scenario;
  // Port 80 is "http" in /etc/services: without -n, ss prints the name, so
  // the comparison covers name printing in both the local and peer columns.
  UniqueFd named = TcpListen("127.0.0.1", 80, 4);
  TcpPair to_named = TcpEstablished(named, "127.0.0.1");
  ExpectLsMatchesSs({"-ta", "-H"}, {"-ta", "-H"}, 18);
}

// Issue 15: -r names hosts from /etc/hosts (localhost here) as ss -r does;
// sockscope never asks DNS, and in this private namespace neither can ss.
TEST_F(LsTcp, Issue15ResolveMatchesSs) {
  TcpScenario scenario;
  ExpectLsMatchesSs({"-tanr", "-H"}, {"-tanr", "-H"}, 15);
  CommandResult ours = RunSockscope({"ls", "-tanr", "-H"});
  EXPECT_THAT(ours.out, ::testing::HasSubstr("localhost:")) << ours.out;
}

TEST_F(LsTcp, DefaultStatesMatchSs) {
  TcpScenario scenario;
  ExpectLsMatchesSs({"-t", "-H"}, {"-t", "-H"}, 12);
}

TEST_F(LsTcp, FamilyFlagsMatchSs) {
  TcpScenario scenario;
  ExpectLsMatchesSs({"-tan", "-4", "-H"}, {"-tan", "-4", "-H"}, 9);
  ExpectLsMatchesSs({"-tan", "-6", "-H"}, {"-tan", "-6", "-H"}, 6);
}

TEST_F(LsTcp, HeaderIsPrintedWithoutDashH) {
  TcpScenario scenario;
  CommandResult with_header = RunSockscope({"ls", "-tan"});
  CommandResult without = RunSockscope({"ls", "-tan", "-H"});
  ASSERT_EQ(with_header.exit_code, 0) << with_header.Describe();
  ASSERT_EQ(without.exit_code, 0) << without.Describe();
  std::string first_line = with_header.out.substr(0, with_header.out.find('\n'));
  for (const char* column : {"State", "Recv-Q", "Send-Q", "Local", "Peer"}) {
    EXPECT_THAT(first_line, ::testing::HasSubstr(column));
  }
  EXPECT_EQ(ParseSsOutput(with_header.out).size(), ParseSsOutput(without.out).size() + 1);
}

// Issue 15: the columns ss prints for the same flags, in its order: no Netid
// for one socket type, no State when the filter names one state.
TEST_F(LsTcp, Issue15HeaderColumnsAreThoseOfSs) {
  TcpScenario scenario;
  const std::vector<std::vector<std::string>> cases = {
      {"-tan"}, {"-tuan"}, {"-tln"}, {"-uan"}, {"-tn", "state", "established"}, {"-xa"}};
  for (const auto& args : cases) {
    CommandResult theirs = RunSs(args);
    std::vector<std::string> ls{"ls"};
    ls.insert(ls.end(), args.begin(), args.end());
    CommandResult ours = RunSockscope(ls);
    ASSERT_EQ(ours.exit_code, 0) << ours.Describe();
    EXPECT_EQ(HeaderWords(ours.out), HeaderWords(theirs.out))
        << "ls " << ::testing::PrintToString(args) << "\nss:\n"
        << theirs.out << "\nsockscope:\n"
        << ours.out;
  }
}

// Issue 15: a dual-stack `::` socket prints as ss prints it, "*:port" with
// peer "*:*", and a v6-only one as "[::]:port", TCP and UDP; the rows are
// compared exactly (no address normalisation), and JSON says which is which.
TEST_F(LsTcp, Issue15DualStackAndV6OnlyAddressesAreThoseOfSs) {
  UniqueFd dual_tcp = TcpListen("::", 8443, 8);
  UniqueFd v6only_tcp = BindV6Only(SOCK_STREAM, 8444);
  UniqueFd dual_udp = UdpBind("::", 5353);
  UniqueFd v6only_udp = BindV6Only(SOCK_DGRAM, 5354);
  ExpectLsMatchesSs({"-tuln", "-H"}, {"-tuln", "-H"}, 4);
  CommandResult table = RunSockscope({"ls", "-tln", "-H"});
  EXPECT_THAT(table.out, ::testing::HasSubstr("*:8443"));
  EXPECT_THAT(table.out, ::testing::HasSubstr("[::]:8444"));
  nlohmann::json doc = LsJson({"ls", "-tuln", "-j"});
  std::map<int, bool> v6only;
  for (const nlohmann::json& socket : doc["sockets"])
    if (socket.contains("v6only")) v6only[socket["local"].value("port", 0)] = socket["v6only"];
  EXPECT_EQ(v6only, (std::map<int, bool>{{8443, false}, {8444, true}, {5353, false}, {5354, true}}))
      << doc.dump(1);
}

// Issue 15: a socket bound to a device (SO_BINDTODEVICE) shows it as ss
// does, "127.0.0.1%lo:8084", TCP and UDP, v4 and v6.
TEST_F(LsTcp, Issue15DeviceBoundSocketsShowTheirDeviceAsSs) {
  auto bound = [](UniqueFd fd) {
    const char dev[] = "lo";
    EXPECT_EQ(::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, dev, sizeof dev), 0);
    return fd;
  };
  UniqueFd tcp(::socket(AF_INET, SOCK_STREAM, 0));
  UniqueFd udp6(::socket(AF_INET6, SOCK_DGRAM, 0));
  tcp = bound(std::move(tcp));
  udp6 = bound(std::move(udp6));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(8084);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(tcp.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(tcp.get(), 4), 0);
  sockaddr_in6 b{};
  b.sin6_family = AF_INET6;
  b.sin6_port = htons(5353);
  b.sin6_addr = in6addr_loopback;
  ASSERT_EQ(::bind(udp6.get(), reinterpret_cast<sockaddr*>(&b), sizeof b), 0);
  ExpectLsMatchesSs({"-tuln", "-H"}, {"-tuln", "-H"}, 2);
  CommandResult ours = RunSockscope({"ls", "-tuln", "-H"});
  EXPECT_THAT(ours.out, ::testing::HasSubstr("127.0.0.1%lo:8084"));
  EXPECT_THAT(ours.out, ::testing::HasSubstr("[::1]%lo:5353"));
  // JSON: the device by index and name, on the bound sockets only.
  nlohmann::json doc = LsJson({"ls", "-tuln", "-j"});
  int with_dev = 0;
  for (const auto& s : doc["sockets"]) {
    if (!s.contains("dev")) continue;
    ++with_dev;
    EXPECT_EQ(s["dev"].value("index", 0), 1) << s.dump();
    EXPECT_EQ(s["dev"].value("name", ""), "lo") << s.dump();
  }
  EXPECT_EQ(with_dev, 2) << doc.dump(1);
}

TEST_F(LsTcp, JsonFieldsMatchSs) {
  TcpScenario scenario;
  CommandResult theirs = RunSs({"-tan", "-H"});
  nlohmann::json doc = LsJson({"ls", "-tan", "-o", "json"});
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_TRUE(doc.contains("sockets")) << doc.dump(1);
  std::vector<SsRow> their_rows = RowsOf(theirs, "ss");
  ASSERT_GE(their_rows.size(), 15u);
  EXPECT_THAT(RowKeys(RowsFromJson(doc["sockets"])),
              ::testing::UnorderedElementsAreArray(RowKeys(their_rows)))
      << doc.dump(1) << "\nss:\n"
      << theirs.out;
  for (const nlohmann::json& socket : doc["sockets"]) {
    EXPECT_EQ(socket.value("proto", ""), "tcp") << socket.dump();
    EXPECT_THAT(socket.value("family", ""), ::testing::AnyOf("inet", "inet6")) << socket.dump();
  }
}

}  // namespace
}  // namespace sockscope::testing
