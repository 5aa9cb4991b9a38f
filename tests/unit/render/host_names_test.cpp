// /etc/hosts for ls -r: the first line naming an address wins, its first
// name is used, v4-mapped addresses are looked up as IPv4, junk is skipped.
#include "render/host_names.h"

#include <gtest/gtest.h>

namespace sockscope::render {
namespace {

model::IpAddr Addr(const char* text) { return *model::ParseIpAddr(text); }

TEST(HostNames, FirstLineAndFirstNameWin) {
  auto hosts = HostNames::Parse(
      "# comment\n"
      "127.0.0.1\tlocalhost\n"
      "127.0.0.1 other\n"
      "::1     ip6-localhost ip6-loopback  # trailing comment\n"
      "10.0.0.1\n"
      "not-an-address name\n"
      "10.0.0.2 db.internal db\r\n");
  EXPECT_EQ(hosts.Find(Addr("127.0.0.1")), "localhost");
  EXPECT_EQ(hosts.Find(Addr("::1")), "ip6-localhost");
  EXPECT_EQ(hosts.Find(Addr("::ffff:127.0.0.1")), "localhost");
  EXPECT_EQ(hosts.Find(Addr("10.0.0.2")), "db.internal");
  EXPECT_EQ(hosts.Find(Addr("10.0.0.1")), "");
  EXPECT_EQ(hosts.size(), 3u);
}

}  // namespace
}  // namespace sockscope::render
