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
