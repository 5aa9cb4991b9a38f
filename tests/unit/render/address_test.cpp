// The Local and Peer columns as ss prints them: a dual-stack "::" (no
// IPV6_V6ONLY) is "*", a v6-only one "[::]", any other address bracketed.
#include "render/address.h"

#include <gtest/gtest.h>

#include <string>

namespace sockscope::render {
namespace {

model::Socket V6Socket(const char* local, uint16_t port, bool v6only) {
  model::Socket s;
  s.family = model::Family::kInet6;
  s.local = {*model::ParseIpAddr(local), port};
  s.peer = {*model::ParseIpAddr("::"), 0};
  s.v6only = v6only;
  return s;
}

std::string Columns(const model::Socket& s) {
  std::string out;
  AppendLocalColumn(out, s);
  out += ' ';
  AppendPeerColumn(out, s);
  return out;
}

TEST(AddressColumns, DualStackAnyIsAStarAsInSs) {
  EXPECT_EQ(Columns(V6Socket("::", 80, false)), "*:80 *:*");
  EXPECT_EQ(Columns(V6Socket("::", 80, true)), "[::]:80 [::]:*");
}

TEST(AddressColumns, OnlyTheUnspecifiedAddressIsAffected) {
  EXPECT_EQ(Columns(V6Socket("::1", 80, false)), "[::1]:80 *:*");
  model::Socket connected = V6Socket("::1", 80, false);
  connected.peer = {*model::ParseIpAddr("::ffff:10.0.0.1"), 4242};
  EXPECT_EQ(Columns(connected), "[::1]:80 [::ffff:10.0.0.1]:4242");
  model::Socket v4;
  v4.local = {*model::ParseIpAddr("0.0.0.0"), 80};
  v4.peer = {*model::ParseIpAddr("0.0.0.0"), 0};
  EXPECT_EQ(Columns(v4), "0.0.0.0:80 0.0.0.0:*");
}

}  // namespace
}  // namespace sockscope::render
