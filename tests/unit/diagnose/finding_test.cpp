#include "diagnose/finding.h"

#include <gtest/gtest.h>

#include <vector>

namespace sockscope::diagnose {
namespace {

Finding Make(std::string id, Severity s, double magnitude = 1.0, uint64_t netns = 1) {
  Finding f;
  f.id = std::move(id);
  f.severity = s;
  f.magnitude = magnitude;
  f.netns = netns;
  return f;
}

TEST(SeverityName, MatchesJsonContract) {
  EXPECT_EQ(SeverityName(Severity::kCritical), "critical");
  EXPECT_EQ(SeverityName(Severity::kWarning), "warning");
  EXPECT_EQ(SeverityName(Severity::kInfo), "info");
}

TEST(CountBySeverity, CountsEach) {
  std::vector<Finding> f = {Make("a", Severity::kInfo), Make("b", Severity::kWarning),
                            Make("c", Severity::kCritical), Make("d", Severity::kWarning)};
  auto c = CountBySeverity(f);
  EXPECT_EQ(c.critical, 1);
  EXPECT_EQ(c.warning, 2);
  EXPECT_EQ(c.info, 1);
}

TEST(SortFindings, WorstFirstThenMagnitudeThenIdAndNetns) {
  std::vector<Finding> f = {
      Make("x", Severity::kInfo, 9),       Make("b", Severity::kWarning, 1),
      Make("a", Severity::kWarning, 1, 2), Make("a", Severity::kWarning, 1, 1),
      Make("c", Severity::kWarning, 5),    Make("z", Severity::kCritical, 1)};
  SortFindings(f);
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].id, "z");
  EXPECT_EQ(f[1].id, "c");
  EXPECT_EQ(f[2].id, "a");
  EXPECT_EQ(f[2].netns, 1u);
  EXPECT_EQ(f[3].id, "a");
  EXPECT_EQ(f[3].netns, 2u);
  EXPECT_EQ(f[4].id, "b");
  EXPECT_EQ(f[5].id, "x");
}

TEST(Evidence, KeepsOrderAndTypes) {
  Finding f;
  f.Add("local", std::string("0.0.0.0:80")).Add("len", uint64_t{5}).Add("fill", 0.5);
  ASSERT_EQ(f.evidence.size(), 3u);
  EXPECT_EQ(f.evidence[0].key, "local");
  EXPECT_EQ(f.evidence[2].key, "fill");
  ASSERT_NE(f.Find("len"), nullptr);
  EXPECT_EQ(std::get<uint64_t>(*f.Find("len")), 5u);
  EXPECT_EQ(f.Find("nope"), nullptr);
}

TEST(EvidenceText, FormatsForTables) {
  EXPECT_EQ(EvidenceText(uint64_t{42}), "42");
  EXPECT_EQ(EvidenceText(int64_t{-3}), "-3");
  EXPECT_EQ(EvidenceText(0.5), "0.5");
  EXPECT_EQ(EvidenceText(2.0), "2");
  EXPECT_EQ(EvidenceText(12.345), "12.35");
  EXPECT_EQ(EvidenceText(true), "yes");
  EXPECT_EQ(EvidenceText(std::string("x")), "x");
}

}  // namespace
}  // namespace sockscope::diagnose
