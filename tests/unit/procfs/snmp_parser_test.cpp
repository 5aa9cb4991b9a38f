#include "procfs/snmp_parser.h"

#include <gtest/gtest.h>

#include "fixture.h"

namespace sockscope::procfs {
namespace {

using testing::ReadFixture;

TEST(ParseSnmpStyle, RecordedNetstat) {
  auto parsed = ParseSnmpStyle(ReadFixture("proc/host/net/netstat"));
  EXPECT_TRUE(parsed.issues.empty()) << parsed.issues.first;
  const auto& c = parsed.counters;
  EXPECT_TRUE(c.Get("TcpExt.ListenOverflows").has_value());
  EXPECT_TRUE(c.Get("TcpExt.ListenDrops").has_value());
  EXPECT_TRUE(c.Get("TcpExt.SyncookiesSent").has_value());
  EXPECT_TRUE(c.Get("IpExt.InOctets").has_value());
  EXPECT_FALSE(c.Get("ListenOverflows").has_value());
  EXPECT_GT(c.values.size(), 100u);
}

TEST(ParseSnmpStyle, RecordedSnmpSkipsNegativeSettings) {
  auto parsed = ParseSnmpStyle(ReadFixture("proc/basic/net/snmp"));
  EXPECT_TRUE(parsed.issues.empty()) << parsed.issues.first;
  const auto& c = parsed.counters;
  ASSERT_TRUE(c.Get("Tcp.CurrEstab").has_value());
  // Recorded with 7 ESTABLISHED + 1 CLOSE-WAIT sockets counted by the kernel.
  EXPECT_GT(*c.Get("Tcp.CurrEstab"), 0u);
  EXPECT_EQ(c.Get("Tcp.RtoAlgorithm"), 1u);
  EXPECT_FALSE(c.Get("Tcp.MaxConn").has_value());  // -1: "no limit", not a counter
  EXPECT_EQ(c.Get("Ip.DefaultTTL"), 64u);
}

TEST(ParseSnmpStyle, MismatchedGroupIsSkippedWholeAndReported) {
  auto parsed = ParseSnmpStyle(
      "TcpExt: A B C\n"
      "TcpExt: 1 2\n"
      "IpExt: X Y\n"
      "IpExt: 5 6\n");
  EXPECT_FALSE(parsed.counters.Get("TcpExt.A").has_value());
  EXPECT_EQ(parsed.counters.Get("IpExt.Y"), 6u);
  EXPECT_EQ(parsed.issues.skipped, 1u);
  EXPECT_EQ(parsed.issues.first, "line 2: TcpExt: 3 names but 2 values");
}

TEST(ParseSnmpStyle, OrphanHeadersGarbageAndBadNumbers) {
  auto parsed = ParseSnmpStyle(
      "TcpExt: A B\n"
      "IpExt: X\r\n"
      "IpExt: 18446744073709551615\r\n"
      "no colon here\n"
      "Udp: P Q\n"
      "Udp: 1 0x2\n"
      "Icmp: Z\n");
  EXPECT_EQ(parsed.counters.Get("IpExt.X"), 18446744073709551615ull);
  EXPECT_FALSE(parsed.counters.Get("Udp.P").has_value());
  EXPECT_EQ(parsed.counters.values.size(), 1u);
  // TcpExt without values, the garbage line, Udp's bad number, Icmp without values.
  EXPECT_EQ(parsed.issues.skipped, 4u);
}

TEST(ParseSnmpStyle, NumberTooLargeIsRejected) {
  auto parsed = ParseSnmpStyle("Tcp: A\nTcp: 18446744073709551616\n");
  EXPECT_TRUE(parsed.counters.values.empty());
  EXPECT_EQ(parsed.issues.skipped, 1u);
}

TEST(ParseSnmpStyle, EmptyInput) {
  auto parsed = ParseSnmpStyle("");
  EXPECT_TRUE(parsed.counters.values.empty());
  EXPECT_TRUE(parsed.issues.empty());
}

TEST(ParseSnmp6, KeepsUdp6CountersAsGroupDotName) {
  auto r = ParseSnmp6(
      "Ip6InReceives                   \t12\n"
      "Udp6InDatagrams                 \t7\n"
      "Udp6RcvbufErrors                \t3\n"
      "UdpLite6InDatagrams             \t9\n"
      "Udp6SndbufErrors 5\n");
  EXPECT_EQ(r.issues.skipped, 0u);
  EXPECT_EQ(r.counters.Get("Udp6.RcvbufErrors"), 3u);
  EXPECT_EQ(r.counters.Get("Udp6.SndbufErrors"), 5u);
  EXPECT_EQ(r.counters.Get("Udp6.InDatagrams"), 7u);
  EXPECT_FALSE(r.counters.Get("Ip6.InReceives").has_value());  // not used, not kept
  EXPECT_EQ(r.counters.values.size(), 3u);
}

TEST(ParseSnmp6, OddLinesAreSkippedAndCounted) {
  auto r = ParseSnmp6("Udp6InErrors x\nUdp6NoPorts 1 2\n\nUdp6InErrors 4\nUdp6 9\n");
  EXPECT_EQ(r.issues.skipped, 2u);
  EXPECT_EQ(r.counters.Get("Udp6.InErrors"), 4u);
  EXPECT_EQ(r.counters.values.size(), 1u);
}

}  // namespace
}  // namespace sockscope::procfs
