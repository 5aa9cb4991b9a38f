// The filter-to-bytecode compiler against a model of the kernel's audit and
// run (unit/netlink/bytecode_model.h): over thousands of random expressions
// (parsed from text, as users type them) and random sockets, every program
// passes the audit, admits every socket Matches() admits, and admits exactly
// those when it says it is exact. The kernel tier
// (tests/kernel/filter_program_test.cpp) holds the real kernel to the same.
#include "filter/kernel_program.h"

#include <gtest/gtest.h>
#include <linux/inet_diag.h>

#include <random>
#include <string>
#include <vector>

#include "unit/filter/filter_generator.h"
#include "unit/netlink/bytecode_model.h"

namespace sockscope::filter {
namespace {

using sockscope::testing::BytecodeAudit;
using sockscope::testing::BytecodeOpAt;
using sockscope::testing::BytecodeRun;

Expr ParseExpr(const std::string& text) {
  auto f = ParseFilter({text});
  EXPECT_TRUE(f.has_value()) << text;
  return f && f->expr ? *f->expr : Expr{};
}

model::Socket Sock(const char* local, uint16_t lport, const char* peer, uint16_t pport) {
  model::Socket s;
  s.proto = model::Proto::kTcp;
  s.state = model::State::kEstablished;
  s.local.addr = *model::ParseIpAddr(local);
  s.local.port = lport;
  s.peer.addr = *model::ParseIpAddr(peer);
  s.peer.port = pport;
  s.family = s.local.addr.family;
  return s;
}

TEST(KernelProgram, PortEqualityIsOneHostConditionWithoutAddress) {
  auto p = CompileKernelProgram(ParseExpr("sport = :443"));
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->exact);
  EXPECT_TRUE(BytecodeAudit(p->code));
  EXPECT_EQ(BytecodeOpAt(p->code, 0).code, INET_DIAG_BC_S_COND);
  EXPECT_TRUE(BytecodeRun(p->code, Sock("10.0.0.1", 443, "10.0.0.2", 5000)));
  EXPECT_FALSE(BytecodeRun(p->code, Sock("10.0.0.1", 444, "10.0.0.2", 443)));
}

TEST(KernelProgram, AnExpressionThatAdmitsEverythingSendsNoProgram) {
  EXPECT_FALSE(CompileKernelProgram(ParseExpr("src *")));
  EXPECT_FALSE(CompileKernelProgram(ParseExpr("sport >= :0")));
  EXPECT_FALSE(CompileKernelProgram(ParseExpr("dport <= :65535 or sport = :22")));
}

TEST(KernelProgram, ImpossibleTermsMatchNothing) {
  for (const char* text : {"sport > :65535", "dport < :0", "src unix:/run/*"}) {
    auto p = CompileKernelProgram(ParseExpr(text));
    ASSERT_TRUE(p) << text;
    EXPECT_TRUE(BytecodeAudit(p->code)) << text;
    EXPECT_FALSE(BytecodeRun(p->code, Sock("10.0.0.1", 1, "10.0.0.2", 1))) << text;
  }
}

// Matches() compares ::ffff:a.b.c.d as IPv4, the kernel as IPv6: a prefix
// that may hold such addresses is widened, and its negation is not sent.
TEST(KernelProgram, IPv6PrefixesThatMayHoldMappedAddressesAreWidened) {
  auto wide = CompileKernelProgram(ParseExpr("src [::]/0"));
  ASSERT_TRUE(wide);
  EXPECT_FALSE(wide->exact);
  EXPECT_FALSE(CompileKernelProgram(ParseExpr("not src [::]/0")));
  auto narrow = CompileKernelProgram(ParseExpr("not src [fe80::]/10"));
  ASSERT_TRUE(narrow);
  EXPECT_TRUE(narrow->exact);
}

TEST(KernelProgram, TooLargeForOneAttributeIsNotSent) {
  std::string text = "dst [2001:db8::1]";
  for (int i = 0; i < 3000; ++i) text += " or dst [2001:db8::" + std::to_string(i + 2) + "]";
  EXPECT_FALSE(CompileKernelProgram(ParseExpr(text)));
}

// Random sockets over the addresses and ports the expressions use.
class SocketGenerator {
 public:
  explicit SocketGenerator(uint32_t seed) : rng_(seed) {}
  model::Socket Next() {
    static const char* const kAddrs[] = {
        "127.0.0.1",   "10.1.2.3",         "192.168.0.9",     "::1",     "fe80::1",
        "2001:db8::7", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "0.0.0.0", "::"};
    const char* local = kAddrs[Pick(std::size(kAddrs))];
    const bool v6 = std::string(local).find(':') != std::string::npos;
    const char* peer = kAddrs[Pick(std::size(kAddrs))];
    // A socket's two ends are of one family.
    while ((std::string(peer).find(':') != std::string::npos) != v6)
      peer = kAddrs[Pick(std::size(kAddrs))];
    model::Socket s =
        Sock(local, kPorts[Pick(std::size(kPorts))], peer, kPorts[Pick(std::size(kPorts))]);
    s.interface = static_cast<uint32_t>(Pick(3));  // 0: not bound to a device
    return s;
  }
  static constexpr uint16_t kPorts[] = {0, 1, 22, 80, 443, 8080, 32768, 65534, 65535};

 private:
  size_t Pick(size_t n) { return rng_() % n; }
  std::mt19937 rng_;
};

TEST(KernelProgram, AgreesWithMatchesOnRandomExpressionsAndSockets) {
  const uint32_t seed = 20261207;
  sockscope::testing::FilterGenerator gen(
      seed, {std::begin(SocketGenerator::kPorts), std::end(SocketGenerator::kPorts)});
  SocketGenerator sockets(seed);
  int sent = 0, exact = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string text = gen.Expression(4);
    auto filter = ParseFilter({text});
    ASSERT_TRUE(filter.has_value()) << text;
    if (!filter->expr) continue;
    auto program = CompileKernelProgram(*filter->expr);
    if (!program) continue;
    ++sent;
    exact += program->exact ? 1 : 0;
    ASSERT_TRUE(BytecodeAudit(program->code)) << "seed " << seed << ": " << text;
    for (int i = 0; i < 50; ++i) {
      const model::Socket s = sockets.Next();
      const bool admitted = BytecodeRun(program->code, s);
      const bool matches = Matches(*filter, s);
      const std::string where = text + " on " + s.local.addr.ToString() + ":" +
                                std::to_string(s.local.port) + " " + s.peer.addr.ToString() + ":" +
                                std::to_string(s.peer.port);
      EXPECT_TRUE(admitted || !matches) << where;
      EXPECT_TRUE(!program->exact || admitted == matches) << where;
    }
  }
  // The generator exercises the compiler, not only its way out.
  EXPECT_GT(sent, 2000);
  EXPECT_GT(exact, 1000);
}

}  // namespace
}  // namespace sockscope::filter
