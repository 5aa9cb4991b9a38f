#include "procfs/sockstat_parser.h"

#include <gtest/gtest.h>

#include "fixture.h"

namespace sockscope::procfs {
namespace {

TEST(ParseSockStat, RecordedFile) {
  auto parsed = ParseSockStat(testing::ReadFixture("proc/basic/net/sockstat"));
  EXPECT_TRUE(parsed.issues.empty()) << parsed.issues.first;
  const auto& s = parsed.sockstat;
  EXPECT_EQ(s.sockets_used, 30u);
  EXPECT_EQ(s.tcp_inuse, 12u);
  EXPECT_EQ(s.tcp_orphan, 0u);
  EXPECT_EQ(s.tcp_tw, 2u);
  EXPECT_EQ(s.tcp_alloc, 18u);
  EXPECT_EQ(s.tcp_mem_pages, 182u);
  EXPECT_EQ(s.udp_inuse, 2u);
  EXPECT_EQ(s.raw_inuse, 1u);
  EXPECT_EQ(s.frag_inuse, 0u);
}

TEST(ParseSockStat, Sockstat6MergesOntoSockstat) {
  auto v4 = ParseSockStat("sockets: used 7\nTCP: inuse 2 orphan 0 tw 1 alloc 4 mem 1\n");
  auto v6 = ParseSockStat(
      "TCP6: inuse 3\nUDP6: inuse 1\nUDPLITE6: inuse 0\nRAW6: inuse 2\nFRAG6: inuse 5 memory 0\n");
  EXPECT_TRUE(v6.issues.empty()) << v6.issues.first;
  model::SockStat all = v4.sockstat;
  MergeSockStat(v6.sockstat, all);
  EXPECT_EQ(all.sockets_used, 7u);
  EXPECT_EQ(all.tcp_inuse, 2u);
  EXPECT_EQ(all.tcp6_inuse, 3u);
  EXPECT_EQ(all.udp6_inuse, 1u);
  EXPECT_EQ(all.raw6_inuse, 2u);
  EXPECT_EQ(all.frag6_inuse, 5u);
  EXPECT_FALSE(all.udp_inuse.has_value());
}

TEST(ParseSockStat, OddInput) {
  auto parsed = ParseSockStat(
      "sockets: used x\r\n"
      "TCP: inuse 5 orphan\n"
      "TCP6: inuse 9\n"
      "weird line\n"
      "TCP: tw 99999999999999999999 alloc 3 newfield 4\n");
  const auto& s = parsed.sockstat;
  EXPECT_FALSE(s.sockets_used.has_value());
  EXPECT_EQ(s.tcp_inuse, 5u);
  EXPECT_FALSE(s.tcp_orphan.has_value());
  EXPECT_FALSE(s.tcp_tw.has_value());
  EXPECT_EQ(s.tcp_alloc, 3u);
  // used x, orphan without value, weird line, tw too large.
  EXPECT_EQ(parsed.issues.skipped, 4u);
}

TEST(ParseSockStat, Empty) {
  auto parsed = ParseSockStat("");
  EXPECT_FALSE(parsed.sockstat.tcp_inuse.has_value());
  EXPECT_TRUE(parsed.issues.empty());
}

}  // namespace
}  // namespace sockscope::procfs
