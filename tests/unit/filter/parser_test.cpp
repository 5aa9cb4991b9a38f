#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "filter/filter.h"

namespace sockscope::filter {
namespace {

using model::State;
using model::StateBit;

Filter Parse(const std::vector<std::string>& words) {
  auto f = ParseFilter(words);
  EXPECT_TRUE(f.has_value()) << (f ? "" : f.error().message);
  return f ? *f : Filter{};
}

// The canonical text of the expression in `text` (a single word).
std::string Tree(const std::string& text) {
  Filter f = Parse({text});
  return f.expr ? DescribeExpr(*f.expr) : "<none>";
}

TEST(Parser, EmptyInputMatchesEverything) {
  for (const auto& words : std::vector<std::vector<std::string>>{{}, {""}, {"  ", "\t"}}) {
    Filter f = Parse(words);
    EXPECT_FALSE(f.has_state_clause);
    EXPECT_FALSE(f.expr.has_value());
  }
}

TEST(Parser, NotBindsTighterThanAndTighterThanOr) {
  EXPECT_EQ(Tree("sport :1 or sport :2 and sport :3"),
            "(sport = :1 or (sport = :2 and sport = :3))");
  EXPECT_EQ(Tree("sport :1 and sport :2 or sport :3"),
            "((sport = :1 and sport = :2) or sport = :3)");
  EXPECT_EQ(Tree("not sport :1 and sport :2"), "(not sport = :1 and sport = :2)");
  EXPECT_EQ(Tree("not sport :1 or not sport :2"), "(not sport = :1 or not sport = :2)");
  EXPECT_EQ(Tree("not ( sport :1 or sport :2 )"), "not (sport = :1 or sport = :2)");
  EXPECT_EQ(Tree("! ! sport :1"), "not not sport = :1");
}

TEST(Parser, ParenthesesOverridePrecedence) {
  EXPECT_EQ(Tree("( sport :1 or sport :2 ) and sport :3"),
            "((sport = :1 or sport = :2) and sport = :3)");
  EXPECT_EQ(Tree("((((sport :1))))"), "sport = :1");
}

TEST(Parser, AdjacentTermsMeanAnd) {
  EXPECT_EQ(Tree("sport :1 dport :2 or src *:3"), "((sport = :1 and dport = :2) or src *:3)");
  EXPECT_EQ(Tree("sport :1 not dport :2"), "(sport = :1 and not dport = :2)");
  EXPECT_EQ(Tree("sport :1 (dport :2 || dport :3)"), "(sport = :1 and (dport = :2 or dport = :3))");
}

TEST(Parser, ChainsAreFlattened) {
  Filter f = Parse({"sport :1 or sport :2 or sport :3 or sport :4"});
  ASSERT_TRUE(f.expr.has_value());
  EXPECT_EQ(f.expr->kind, Expr::Kind::kOr);
  EXPECT_EQ(f.expr->children.size(), 4u);
  f = Parse({"sport :1 && sport :2 and sport :3"});
  ASSERT_TRUE(f.expr.has_value());
  EXPECT_EQ(f.expr->kind, Expr::Kind::kAnd);
  EXPECT_EQ(f.expr->children.size(), 3u);
}

TEST(Parser, EveryPortOperator) {
  struct Case {
    const char* op;
    PortOp want;
  } cases[] = {
      {"=", PortOp::kEq},  {"==", PortOp::kEq}, {"eq", PortOp::kEq}, {"!=", PortOp::kNe},
      {"ne", PortOp::kNe}, {">", PortOp::kGt},  {"gt", PortOp::kGt}, {"<", PortOp::kLt},
      {"lt", PortOp::kLt}, {">=", PortOp::kGe}, {"ge", PortOp::kGe}, {"<=", PortOp::kLe},
      {"le", PortOp::kLe}, {"EQ", PortOp::kEq},
  };
  for (const auto& c : cases) {
    for (const char* side : {"sport", "dport"}) {
      Filter f = Parse({side, c.op, ":8080"});
      ASSERT_TRUE(f.expr.has_value()) << c.op;
      EXPECT_EQ(f.expr->kind, Expr::Kind::kPort);
      EXPECT_EQ(f.expr->op, c.want) << c.op;
      EXPECT_EQ(f.expr->port, 8080);
      EXPECT_EQ(f.expr->side, std::string(side) == "sport" ? Side::kLocal : Side::kPeer);
    }
  }
}

TEST(Parser, PortTermWithoutOperatorMeansEqual) {
  Filter f = Parse({"dport", ":443"});
  ASSERT_TRUE(f.expr.has_value());
  EXPECT_EQ(f.expr->op, PortOp::kEq);
  EXPECT_EQ(f.expr->port, 443);
  EXPECT_EQ(Tree("sport 22"), "sport = :22");
  EXPECT_EQ(Tree("sport :ssh"), "sport = :22");
}

TEST(Parser, PortEdgeCases) {
  EXPECT_EQ(Tree("sport = :0"), "sport = :0");
  EXPECT_EQ(Tree("sport = :65535"), "sport = :65535");
  EXPECT_FALSE(ParseFilter({"sport = :65536"}).has_value());
  EXPECT_FALSE(ParseFilter({"sport = :"}).has_value());
  EXPECT_FALSE(ParseFilter({"sport = :*"}).has_value());
}

TEST(Parser, HostTerms) {
  EXPECT_EQ(Tree("src 10.0.0.0/8"), "src 10.0.0.0/8:*");
  EXPECT_EQ(Tree("dst [::1]"), "dst [::1]/128:*");
  EXPECT_EQ(Tree("dst = ::1"), "dst [::1]/128:*");
  EXPECT_EQ(Tree("src :22"), "src *:22");
  EXPECT_EQ(Tree("src == 192.168.0.1:80"), "src 192.168.0.1/32:80");
  EXPECT_EQ(Tree("dst != *:443"), "not dst *:443");
  EXPECT_EQ(Tree("dst ne 10.0.0.0/8"), "not dst 10.0.0.0/8:*");
  EXPECT_EQ(Tree("src unix:/run/*"), "src unix:/run/*");
}

TEST(Parser, DescribeRoundTrips) {
  for (const char* text : {"sport :1 or not (dst [fe80::]/10:443 and src 10.0.0.0/8:*)",
                           "dport >= :1024 dport <= :2048", "src unix:@*", "not not src *"}) {
    std::string once = Tree(text);
    EXPECT_EQ(Tree(once), once) << text;
  }
}

TEST(Parser, StateClausesAreOredTogether) {
  Filter f = Parse({"state", "established", "state", "syn-recv"});
  EXPECT_TRUE(f.has_state_clause);
  EXPECT_EQ(f.states, StateBit(State::kEstablished) | StateBit(State::kSynRecv) |
                          StateBit(State::kNewSynRecv));
  EXPECT_FALSE(f.expr.has_value());
}

TEST(Parser, ExcludeStartsFromAllStates) {
  Filter f = Parse({"exclude", "listening"});
  EXPECT_TRUE(f.has_state_clause);
  EXPECT_EQ(f.states, model::kAllStates & ~StateBit(State::kListen));
  f = Parse({"state connected exclude syn_recv exclude time-wait"});
  EXPECT_EQ(f.states, *ParseStateSet("connected") & ~StateBit(State::kSynRecv) &
                          ~StateBit(State::kNewSynRecv) & ~StateBit(State::kTimeWait));
  // Later clauses act in order, as in ss.
  f = Parse({"exclude all state listen"});
  EXPECT_EQ(f.states, StateBit(State::kListen));
}

TEST(Parser, StateClauseThenExpression) {
  Filter f = Parse({"state", "established", "( dport = :22 or sport = :22 )"});
  EXPECT_EQ(f.states, StateBit(State::kEstablished));
  ASSERT_TRUE(f.expr.has_value());
  EXPECT_EQ(DescribeExpr(*f.expr), "(dport = :22 or sport = :22)");
}

TEST(Parser, AcceptsNestingUpToTheLimit) {
  std::string text(kMaxNesting, '(');
  text += "sport :1";
  text += std::string(kMaxNesting, ')');
  EXPECT_TRUE(ParseFilter({text}).has_value());
  std::string nots;
  for (int i = 0; i < kMaxNesting; ++i) nots += "! ";
  EXPECT_TRUE(ParseFilter({nots + "sport :1"}).has_value());
}

TEST(Parser, LongFlatChainsAreFine) {
  std::string text = "sport :1";
  for (int i = 0; i < 20000; ++i) text += " or sport :2";
  Filter f = Parse({text});
  ASSERT_TRUE(f.expr.has_value());
  EXPECT_EQ(f.expr->children.size(), 20001u);
}

}  // namespace
}  // namespace sockscope::filter
