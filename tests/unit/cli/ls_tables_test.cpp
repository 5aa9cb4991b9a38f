// ss's -A QUERY and -f FAMILY parsed into LsTables: every id ss knows is
// either listed or refused by name; unknown ids are usage errors, escaped.
#include "cli/ls_tables.h"

#include <gtest/gtest.h>

namespace sockscope::cli {
namespace {

TEST(LsTables, QueriesAddTables) {
  LsTables t;
  ASSERT_TRUE(AddQuery("tcp,unix_dgram", t));
  EXPECT_TRUE(t.tcp);
  EXPECT_FALSE(t.udp);
  EXPECT_TRUE(t.unix_dgram);
  EXPECT_FALSE(t.unix_stream);
  EXPECT_EQ(t.SocketTypes(), 2);
  ASSERT_TRUE(AddQuery("udp", t));  // a second -A adds
  EXPECT_TRUE(t.udp);
}

TEST(LsTables, AllAndInet) {
  LsTables all;
  ASSERT_TRUE(AddQuery("all", all));
  EXPECT_EQ(all.SocketTypes(), 10);  // tcp udp raw mptcp nl u_str u_dgr u_seq p_raw p_dgr
  LsTables inet;
  ASSERT_TRUE(AddQuery("inet", inet));
  EXPECT_TRUE(inet.tcp && inet.udp && inet.raw && inet.mptcp && !inet.AnyUnix());
  EXPECT_FALSE(inet.netlink || inet.AnyPacket());
}

TEST(LsTables, PacketTablesBySsNames) {
  LsTables t;
  ASSERT_TRUE(AddQuery("p_raw", t));
  EXPECT_TRUE(t.packet_raw && !t.packet_dgram);
  LsTables both;
  ASSERT_TRUE(AddQuery("packet_dgram,packet_raw", both));
  EXPECT_EQ(both.SocketTypes(), 2);
  LsTables link;
  ASSERT_TRUE(AddFamily("link", link));
  AddDefaultTables(link);
  EXPECT_TRUE(link.packet_raw && link.packet_dgram && !link.AnyInet() && !link.netlink);
}

TEST(LsTables, NotListedAndUnknownAreUsageErrors) {
  LsTables t;
  for (const char* q : {"tcp,dccp", "tipc", "sctp", "vsock_stream"}) {
    auto r = AddQuery(q, t);
    ASSERT_FALSE(r) << q;
    EXPECT_EQ(r.error().kind, base::ErrorKind::kUsage);
    EXPECT_NE(r.error().message.find("does not list"), std::string::npos) << r.error().message;
  }
  for (const char* q : {"", "tcp,", "bogus", "tcp,\x1b[2J"}) {
    auto r = AddQuery(q, t);
    ASSERT_FALSE(r) << q;
    EXPECT_EQ(r.error().message.find('\x1b'), std::string::npos);
  }
}

TEST(LsTables, RawAndMptcpAreTables) {
  LsTables t;
  ASSERT_TRUE(AddQuery("raw,mptcp", t));
  EXPECT_TRUE(t.raw && t.mptcp && !t.tcp && !t.udp);
  EXPECT_EQ(t.SocketTypes(), 2);
}

// No table named: every table ss lists, within the families named.
TEST(LsTables, DefaultsAreSsDefaults) {
  LsTables none;
  AddDefaultTables(none);
  EXPECT_EQ(none.SocketTypes(), 10);
  LsTables inet;
  inet.inet4 = true;
  AddDefaultTables(inet);
  EXPECT_TRUE(inet.tcp && inet.udp && inet.raw && inet.mptcp && !inet.AnyUnix());
  LsTables unix_only;
  unix_only.unix_family = true;
  AddDefaultTables(unix_only);
  EXPECT_TRUE(unix_only.AnyUnix() && !unix_only.AnyInet() && !unix_only.netlink);
  LsTables netlink_only;
  netlink_only.netlink_family = true;
  AddDefaultTables(netlink_only);
  EXPECT_TRUE(netlink_only.netlink && !netlink_only.AnyUnix() && !netlink_only.AnyInet());
}

TEST(LsTables, Families) {
  LsTables t;
  ASSERT_TRUE(AddFamily("inet6", t));
  EXPECT_TRUE(t.inet6);
  ASSERT_TRUE(AddFamily("unix", t));
  EXPECT_TRUE(t.unix_family);
  EXPECT_FALSE(AddFamily("vsock", t));
  EXPECT_FALSE(AddFamily("inet7", t));
}

}  // namespace
}  // namespace sockscope::cli
