// The region compiler against a model of the kernel's two passes over a
// program (net/ipv4/inet_diag.c): the audit that refuses a malformed program
// and the run that decides per socket. The kernel tier
// (tests/kernel/region_dump_test.cpp) checks the real thing; this one checks
// the jump arithmetic over many random regions in microseconds.
#include "netlink/inet_diag_bytecode.h"

#include <gtest/gtest.h>
#include <linux/inet_diag.h>
#include <sys/socket.h>

#include <cstring>
#include <random>

namespace sockscope::netlink {
namespace {

inet_diag_bc_op OpAt(const std::vector<uint8_t>& p, size_t at) {
  inet_diag_bc_op op;
  std::memcpy(&op, p.data() + at, sizeof op);
  return op;
}

// The audit's rules: every yes and no within [op size, len + 4], multiples of
// 4, every no target on the yes chain; the yes chain ends exactly at the end.
bool Audit(const std::vector<uint8_t>& p) {
  const int total = static_cast<int>(p.size());
  auto on_chain = [&](int remaining_at_target) {
    int len = total;
    size_t at = 0;
    while (len > remaining_at_target) {
      auto op = OpAt(p, at);
      len -= op.yes;
      at += op.yes;
    }
    return len == remaining_at_target;
  };
  int len = total;
  size_t at = 0;
  while (len > 0) {
    auto op = OpAt(p, at);
    int min_len = sizeof op;
    if (op.code == INET_DIAG_BC_S_COND || op.code == INET_DIAG_BC_D_COND) {
      inet_diag_hostcond cond;
      std::memcpy(&cond, p.data() + at + sizeof op, sizeof cond);
      min_len += sizeof cond + (cond.family == AF_INET ? 4 : cond.family == AF_INET6 ? 16 : 0);
    } else if (op.code != INET_DIAG_BC_JMP) {
      return false;
    }
    if (op.no < min_len || op.no > len + 4 || (op.no & 3)) return false;
    if (op.no < len && !on_chain(len - op.no)) return false;
    if (op.yes < min_len || op.yes > len + 4 || (op.yes & 3)) return false;
    at += op.yes;
    len -= op.yes;
  }
  return len == 0;
}

// The run, for one socket.
bool KernelRun(const std::vector<uint8_t>& p, const model::Socket& s) {
  int len = static_cast<int>(p.size());
  size_t at = 0;
  while (len > 0) {
    auto op = OpAt(p, at);
    bool yes = true;
    if (op.code == INET_DIAG_BC_JMP) {
      yes = false;
    } else {
      inet_diag_hostcond cond;
      std::memcpy(&cond, p.data() + at + sizeof op, sizeof cond);
      const bool local = op.code == INET_DIAG_BC_S_COND;
      const model::Endpoint& e = local ? s.local : s.peer;
      if (cond.port != -1 && cond.port != e.port) yes = false;
      if (yes && cond.family != AF_UNSPEC) {
        const size_t n = cond.family == AF_INET ? 4 : 16;
        const int fam = e.addr.family == model::Family::kInet ? AF_INET : AF_INET6;
        yes = fam == cond.family &&
              std::memcmp(p.data() + at + sizeof op + sizeof cond, e.addr.bytes.data(), n) == 0;
      }
    }
    if (yes) {
      len -= op.yes;
      at += op.yes;
    } else {
      len -= op.no;
      at += op.no;
    }
  }
  return len == 0;
}

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
  EXPECT_TRUE(Audit(p));
  EXPECT_FALSE(KernelRun(p, Sock(1, model::Family::kInet, 80, 1, 5000)));
}

TEST(CompileRegion, KeepsOnlyTheNamespaceAndFamilyOfEachTerm) {
  model::SocketRegion r(
      {{1, model::Family::kInet6, 80, std::nullopt}, {2, model::Family::kInet6, 81, std::nullopt}});
  auto p = CompileRegion(r, 2, model::Family::kInet6);
  EXPECT_TRUE(Audit(p));
  EXPECT_TRUE(KernelRun(p, Sock(2, model::Family::kInet6, 81, 1, 5000)));
  EXPECT_FALSE(KernelRun(p, Sock(2, model::Family::kInet6, 80, 1, 5000)));
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
    ASSERT_TRUE(Audit(p)) << "round " << round;
    for (int i = 0; i < 40; ++i) {
      auto s = Sock(1, family, static_cast<uint16_t>(80 + pick(4)),
                    static_cast<uint8_t>(1 + pick(3)), static_cast<uint16_t>(5000 + pick(3)));
      EXPECT_EQ(KernelRun(p, s), r.Matches(s)) << "round " << round << " socket " << i;
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
}  // namespace sockscope::netlink
