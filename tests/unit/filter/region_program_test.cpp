// The region compiler against a model of the kernel's two passes over a
// program (unit/netlink/bytecode_model.h). The kernel tier
// (tests/kernel/region_dump_test.cpp) checks the real thing; this one checks
// the jump arithmetic over many random regions in microseconds.
#include "filter/region_program.h"

#include <gtest/gtest.h>
#include <linux/inet_diag.h>
#include <sys/socket.h>

#include <cstring>
#include <random>

#include "unit/netlink/bytecode_model.h"

namespace sockscope::filter {
namespace {

using sockscope::testing::BytecodeAudit;
using sockscope::testing::BytecodeRun;

model::Socket Sock(uint64_t netns, model::Family family, uint16_t lport, uint8_t peer_last,
                   uint16_t pport) {
  model::Socket s;
  s.netns = netns;
  s.family = family;
  s.local.addr.family = s.peer.addr.family = family;
  s.local.port = lport;
  s.peer.port = pport;
  s.peer.addr.bytes[family == model::Family::kInet ? 3 : 15] = peer_last;
  return s;
}

TEST(CompileRegion, EmptyRegionIsAValidProgramThatMatchesNothing) {
  auto p = CompileRegion({}, 1, model::Family::kInet);
  EXPECT_TRUE(BytecodeAudit(p));
  EXPECT_FALSE(BytecodeRun(p, Sock(1, model::Family::kInet, 80, 1, 5000)));
}

TEST(CompileRegion, KeepsOnlyTheNamespaceAndFamilyOfEachTerm) {
  model::SocketRegion r(
      {{1, model::Family::kInet6, 80, std::nullopt}, {2, model::Family::kInet6, 81, std::nullopt}});
  auto p = CompileRegion(r, 2, model::Family::kInet6);
  EXPECT_TRUE(BytecodeAudit(p));
  EXPECT_TRUE(BytecodeRun(p, Sock(2, model::Family::kInet6, 81, 1, 5000)));
  EXPECT_FALSE(BytecodeRun(p, Sock(2, model::Family::kInet6, 80, 1, 5000)));
}

// Random regions and sockets: the program admits exactly what Matches() does.
TEST(CompileRegion, AgreesWithTheUserspacePredicateOnRandomRegions) {
  std::mt19937 rng(12345);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int round = 0; round < 300; ++round) {
    const auto family = pick(2) ? model::Family::kInet : model::Family::kInet6;
    std::vector<model::RegionTerm> r_terms;
    const int terms = pick(12);
    for (int i = 0; i < terms; ++i) {
      model::RegionTerm t;
      t.netns = 1;
      t.family =
          pick(4) ? family
                  : (family == model::Family::kInet ? model::Family::kInet6 : model::Family::kInet);
      const int kind = pick(3);
      if (kind != 1) t.local_port = static_cast<uint16_t>(80 + pick(4));
      if (kind != 0) {
        auto peer = Sock(1, t.family, 0, static_cast<uint8_t>(1 + pick(3)),
                         static_cast<uint16_t>(5000 + pick(3)))
                        .peer;
        t.peer = peer;
      }
      r_terms.push_back(t);
    }
    const model::SocketRegion r(r_terms);
    auto p = CompileRegion(r, 1, family);
    ASSERT_TRUE(BytecodeAudit(p)) << "round " << round;
    for (int i = 0; i < 40; ++i) {
      auto s = Sock(1, family, static_cast<uint16_t>(80 + pick(4)),
                    static_cast<uint8_t>(1 + pick(3)), static_cast<uint16_t>(5000 + pick(3)));
      EXPECT_EQ(BytecodeRun(p, s), r.Matches(s)) << "round " << round << " socket " << i;
    }
  }
}

TEST(CompileRegion, TooLargeForOneAttributeIsNotCompiled) {
  std::vector<model::RegionTerm> terms;
  for (int i = 0; i < 3000; ++i)
    terms.push_back({1, model::Family::kInet6, static_cast<uint16_t>(i),
                     Sock(1, model::Family::kInet6, 0, 1, 5000).peer});
  EXPECT_TRUE(CompileRegion(model::SocketRegion(terms), 1, model::Family::kInet6).empty());
}

}  // namespace
}  // namespace sockscope::filter
