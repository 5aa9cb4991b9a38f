#include "filter/operand.h"

#include <gtest/gtest.h>

namespace sockscope::filter {
namespace {

model::IpAddr Addr(const char* text) { return *model::ParseIpAddr(text); }

TEST(PortText, AcceptsTheWholeRange) {
  EXPECT_EQ(*ParsePortText("0"), 0);
  EXPECT_EQ(*ParsePortText("1"), 1);
  EXPECT_EQ(*ParsePortText("65535"), 65535);
  EXPECT_EQ(*ParsePortText("00022"), 22);
}

TEST(PortText, RejectsOutOfRangeAndGarbage) {
  for (const char* text : {"65536", "99999999999999999999", "", "-1", "+1", "1a", " 1", "0x10"}) {
    auto port = ParsePortText(text);
    ASSERT_FALSE(port.has_value()) << text;
    EXPECT_EQ(port.error().kind, base::ErrorKind::kUsage);
  }
  EXPECT_NE(ParsePortText("65536").error().message.find("0-65535"), std::string::npos);
}

TEST(PortText, KnowsAFewServiceNames) {
  EXPECT_EQ(*ParsePortText("ssh"), 22);
  EXPECT_EQ(*ParsePortText("http"), 80);
  EXPECT_EQ(*ParsePortText("https"), 443);
  EXPECT_EQ(*ParsePortText("domain"), 53);
  EXPECT_EQ(*ParsePortText("smtp"), 25);
  auto unknown = ParsePortText("gopher-plus");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("unknown service"), std::string::npos);
}

TEST(HostSpec, ParsesIpv4WithPrefixAndPort) {
  auto h = ParseHostSpec("10.0.0.0/8:80");
  ASSERT_TRUE(h.has_value());
  EXPECT_FALSE(h->any_addr);
  EXPECT_EQ(h->addr, Addr("10.0.0.0"));
  EXPECT_EQ(h->prefix_len, 8);
  EXPECT_EQ(h->port, 80);

  h = ParseHostSpec("192.168.1.7");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->prefix_len, 32);
  EXPECT_FALSE(h->port.has_value());

  h = ParseHostSpec("0.0.0.0/0");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->prefix_len, 0);
  EXPECT_FALSE(h->any_addr);
}

TEST(HostSpec, ParsesWildcards) {
  for (const char* text : {"*", "*:*", ":*"}) {
    auto h = ParseHostSpec(text);
    ASSERT_TRUE(h.has_value()) << text;
    EXPECT_TRUE(h->any_addr) << text;
    EXPECT_FALSE(h->port.has_value()) << text;
  }
  auto h = ParseHostSpec(":22");
  ASSERT_TRUE(h.has_value());
  EXPECT_TRUE(h->any_addr);
  EXPECT_EQ(h->port, 22);
  h = ParseHostSpec("*:https");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->port, 443);
  h = ParseHostSpec("10.1.2.3:*");
  ASSERT_TRUE(h.has_value());
  EXPECT_FALSE(h->port.has_value());
  EXPECT_FALSE(h->any_addr);
}

TEST(HostSpec, ParsesBracketedAndBareIpv6) {
  auto h = ParseHostSpec("[::1]:22");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->addr, Addr("::1"));
  EXPECT_EQ(h->prefix_len, 128);
  EXPECT_EQ(h->port, 22);

  for (const char* text : {"[2001:db8::]/32:443", "[2001:db8::/32]:443"}) {
    h = ParseHostSpec(text);
    ASSERT_TRUE(h.has_value()) << text;
    EXPECT_EQ(h->addr, Addr("2001:db8::")) << text;
    EXPECT_EQ(h->prefix_len, 32) << text;
    EXPECT_EQ(h->port, 443) << text;
  }

  h = ParseHostSpec("fe80::1/64");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->addr, Addr("fe80::1"));
  EXPECT_EQ(h->prefix_len, 64);
  EXPECT_FALSE(h->port.has_value());

  h = ParseHostSpec("[::]/0");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->prefix_len, 0);
  h = ParseHostSpec("[::1]/128");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->prefix_len, 128);
}

TEST(HostSpec, StoresMappedPrefixesAsIpv4) {
  auto h = ParseHostSpec("::ffff:10.0.0.0/104");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->addr, Addr("10.0.0.0"));
  EXPECT_EQ(h->prefix_len, 8);
  h = ParseHostSpec("[::ffff:127.0.0.1]:80");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->addr, Addr("127.0.0.1"));
  EXPECT_EQ(h->prefix_len, 32);
  // A prefix shorter than the mapping reaches into the ::ffff part: stays IPv6.
  h = ParseHostSpec("::ffff:0.0.0.0/80");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->addr.family, model::Family::kInet6);
}

TEST(HostSpec, ParsesUnixGlobs) {
  auto h = ParseHostSpec("unix:/run/*.sock");
  ASSERT_TRUE(h.has_value());
  ASSERT_TRUE(h->unix_glob.has_value());
  EXPECT_EQ(*h->unix_glob, "/run/*.sock");
}

TEST(HostSpec, RejectsBadInput) {
  struct Case {
    const char* text;
    const char* reason;  // part of the message
  } cases[] = {
      {"10.0.0.0/33", "0-32"},
      {"[::1]/129", "0-128"},
      {"10.0.0.0/", "0-32"},
      {"10.0.0.0/-1", "0-32"},
      {"10.0.0.256", "not an address"},
      {"localhost", "not resolved"},
      {"10.0.0.1:65536", "0-65535"},
      {"10.0.0.1:", "missing port"},
      {"[::1", "missing ']'"},
      {"[]:80", "inside [ ]"},
      {"[::1]x", "':PORT'"},
      {"[10.0.0.1]:80", "not an IPv6"},
      {"[::1/64]/64", "two prefix"},
      {"*/8", "needs an address"},
      {"1::2::3", "[ADDR]:PORT"},
      {"", "missing address"},
  };
  for (const auto& c : cases) {
    auto h = ParseHostSpec(c.text);
    ASSERT_FALSE(h.has_value()) << c.text;
    EXPECT_EQ(h.error().kind, base::ErrorKind::kUsage);
    EXPECT_NE(h.error().message.find(c.reason), std::string::npos)
        << c.text << ": " << h.error().message;
  }
}

}  // namespace
}  // namespace sockscope::filter

namespace sockscope::filter {
namespace {

// The caller's /etc/services lookup comes first, the built-in table after;
// unknown names say where they were looked for.
TEST(PortText, ServiceNamesFromTheCallersLookup) {
  ServiceLookup services = [](std::string_view name) -> std::optional<uint16_t> {
    if (name == "mdns") return 5353;
    return std::nullopt;
  };
  EXPECT_EQ(*ParsePortText("mdns", services), 5353);
  EXPECT_EQ(*ParsePortText("ssh", services), 22);
  EXPECT_FALSE(ParsePortText("mdns").has_value());
  auto unknown = ParsePortText("nosuch", services);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("/etc/services"), std::string::npos);
  auto host = ParseHostSpec("[::1]:mdns", services);
  ASSERT_TRUE(host.has_value());
  auto filter = ParseFilter({"sport", "=", ":mdns"}, services);
  ASSERT_TRUE(filter.has_value());
}

}  // namespace
}  // namespace sockscope::filter
