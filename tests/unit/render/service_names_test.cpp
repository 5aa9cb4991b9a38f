#include "render/service_names.h"

#include <gtest/gtest.h>

#include "render/address.h"

namespace sockscope::render {
namespace {

constexpr char kServices[] =
    "# comment line\n"
    "ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\n"
    "http\t\t80/tcp\t\twww\n"
    "domain\t\t53/udp\n"
    "domain-alt\t53/udp\n"
    "broken\t\tx/tcp\n"
    "toolarge\t70000/tcp\n"
    "noslash\t\t99\n";

// Names and aliases back to ports for filters (`sport = :www`): TCP first.
TEST(ServiceNames, PortOfNamesAndAliases) {
  auto table = ServiceNames::Parse(
      "ssh\t\t22/tcp\n"
      "http\t\t80/tcp\t\twww\n"
      "domain-alt\t53/udp\n"
      "broken\t\tx/tcp\n"
      "mdns\t\t5353/udp\n"
      "who\t\t513/udp\n"
      "login\t\t513/tcp\n");
  EXPECT_EQ(table.PortOf("ssh"), 22);
  EXPECT_EQ(table.PortOf("www"), 80);  // an alias
  EXPECT_EQ(table.PortOf("mdns"), 5353);
  EXPECT_EQ(table.PortOf("domain-alt"), 53);
  EXPECT_EQ(table.PortOf("who"), 513);
  EXPECT_FALSE(table.PortOf("broken").has_value());
  EXPECT_FALSE(table.PortOf("nosuch").has_value());
}

// A raw socket's "port" is its IP protocol, named from /etc/protocols.
TEST(ServiceNames, RawSocketsAreNamedByProtocol) {
  auto table = ServiceNames::Parse("tcpmux\t1/tcp\n");
  table.AddProtocols(
      "# comment\n"
      "icmp\t1\tICMP\t\t# internet control message protocol\n"
      "ipv6-icmp 58 IPv6-ICMP\n"
      "bogus x\n"
      "big 300\n");
  EXPECT_EQ(table.Find(model::Proto::kRaw, 1), "icmp");
  EXPECT_EQ(table.Find(model::Proto::kRaw, 58), "ipv6-icmp");
  EXPECT_EQ(table.Find(model::Proto::kRaw, 6), "");
  EXPECT_EQ(table.Find(model::Proto::kTcp, 1), "tcpmux");  // services stay services
}

TEST(ServiceNames, ParsesFirstNamePerPortAndProtocol) {
  auto table = ServiceNames::Parse(kServices);
  EXPECT_EQ(table.Find(model::Proto::kTcp, 22), "ssh");
  EXPECT_EQ(table.Find(model::Proto::kTcp, 80), "http");
  EXPECT_EQ(table.Find(model::Proto::kUdp, 53), "domain");
  EXPECT_EQ(table.Find(model::Proto::kTcp, 53), "");  // only listed for udp
  EXPECT_EQ(table.Find(model::Proto::kUdp, 80), "");
  EXPECT_EQ(table.size(), 3u);  // malformed lines skipped
}

TEST(ServiceNames, PortsInTheEphemeralRangeStayNumericLikeSs) {
  auto table = ServiceNames::Parse("tfido\t\t60177/tcp\nhttp-alt\t8080/tcp\nx\t\t2000/tcp\n");
  // ss's fallback range when the sysctl cannot be read: 1024-4999.
  EXPECT_EQ(table.Find(model::Proto::kTcp, 2000), "");
  EXPECT_EQ(table.Find(model::Proto::kTcp, 60177), "tfido");
  table.SetEphemeralRange("32768\t60999\n");
  EXPECT_EQ(table.Find(model::Proto::kTcp, 60177), "");  // a client port, not fidonet
  EXPECT_EQ(table.Find(model::Proto::kTcp, 8080), "http-alt");
  EXPECT_EQ(table.Find(model::Proto::kTcp, 2000), "x");
  table.SetEphemeralRange("garbage");  // unchanged
  EXPECT_EQ(table.Find(model::Proto::kTcp, 60177), "");
  table.SetEphemeralRange("40000 30000");  // inverted: unchanged
  EXPECT_EQ(table.Find(model::Proto::kTcp, 8080), "http-alt");
}

TEST(ServiceNames, EndpointUsesNameOnlyWhenGiven) {
  auto table = ServiceNames::Parse(kServices);
  model::Endpoint e{*model::ParseIpAddr("127.0.0.1"), 80};
  std::string named, numeric;
  AppendEndpoint(named, e, &table, model::Proto::kTcp);
  AppendEndpoint(numeric, e);
  EXPECT_EQ(named, "127.0.0.1:http");
  EXPECT_EQ(numeric, "127.0.0.1:80");
  model::Endpoint v6{*model::ParseIpAddr("::1"), 0};
  std::string any;
  AppendEndpoint(any, v6, &table, model::Proto::kTcp);
  EXPECT_EQ(any, "[::1]:*");
}

}  // namespace
}  // namespace sockscope::render
