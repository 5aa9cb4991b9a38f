#include "collect/deltas.h"

#include <gtest/gtest.h>

#include "unit/diagnose/test_snapshots.h"

namespace sockscope::collect {
namespace {

using namespace std::chrono_literals;

const CounterDelta* FindKey(const NetnsDeltas& d, std::string_view key) {
  for (const auto& c : d.deltas)
    if (c.key == key) return &c;
  return nullptr;
}

TEST(CounterDeltas, GivesDeltaAndRatePerNamespace) {
  auto before = testing::MakeSnapshot({testing::Netns(1), testing::Netns(2)});
  auto after = before;
  before.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 10}, {"Tcp.ActiveOpens", 5}};
  after.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 30}, {"Tcp.ActiveOpens", 5}};
  before.namespaces[1].counters.values = {{"TcpExt.ListenOverflows", 100}};
  after.namespaces[1].counters.values = {{"TcpExt.ListenOverflows", 101}};
  auto out = CounterDeltas(before, after, 2s);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].netns, 1u);
  EXPECT_EQ(out[0].interval, 2s);
  ASSERT_EQ(out[0].deltas.size(), 2u);
  EXPECT_EQ(out[0].deltas[0].key, "Tcp.ActiveOpens");  // sorted by key
  const auto* ov = FindKey(out[0], "TcpExt.ListenOverflows");
  ASSERT_NE(ov, nullptr);
  EXPECT_EQ(ov->delta, 20u);
  EXPECT_DOUBLE_EQ(ov->per_second, 10.0);
  EXPECT_EQ(FindKey(out[0], "Tcp.ActiveOpens")->delta, 0u);
  EXPECT_EQ(FindKey(out[1], "TcpExt.ListenOverflows")->delta, 1u);
}

TEST(CounterGrowth, SumsNamespacesInBothSamplesAndSkipsResets) {
  auto before = testing::MakeSnapshot({testing::Netns(1), testing::Netns(2), testing::Netns(3)});
  auto after = testing::MakeSnapshot({testing::Netns(1), testing::Netns(2), testing::Netns(4)});
  before.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 10}};
  after.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 30}};
  before.namespaces[1].counters.values = {{"TcpExt.ListenOverflows", 500}};
  after.namespaces[1].counters.values = {{"TcpExt.ListenOverflows", 5}};    // reset: adds nothing
  after.namespaces[2].counters.values = {{"TcpExt.ListenOverflows", 900}};  // new namespace
  EXPECT_EQ(CounterGrowth(before, after, "TcpExt.ListenOverflows"), 20u);
  EXPECT_EQ(CounterGrowth(before, after, "TcpExt.ListenDrops"), std::nullopt);
  after.namespaces[0].counters_ok = false;
  EXPECT_EQ(CounterGrowth(before, after, "TcpExt.ListenOverflows"), std::nullopt);
}

TEST(CounterDeltas, CounterGoingBackwardsGivesNoDelta) {
  auto before = testing::MakeSnapshot();
  auto after = before;
  before.namespaces[0].counters.values = {{"TcpExt.ListenDrops", 500},
                                          {"TcpExt.ListenOverflows", 1}};
  after.namespaces[0].counters.values = {{"TcpExt.ListenDrops", 3}, {"TcpExt.ListenOverflows", 2}};
  auto out = CounterDeltas(before, after, 1s);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(FindKey(out[0], "TcpExt.ListenDrops"), nullptr);
  ASSERT_EQ(out[0].reset.size(), 1u);
  EXPECT_EQ(out[0].reset[0], "TcpExt.ListenDrops");
  EXPECT_EQ(FindKey(out[0], "TcpExt.ListenOverflows")->delta, 1u);
}

TEST(CounterDeltas, NamespaceInOnlyOneSampleOrUnreadableIsSkipped) {
  auto before = testing::MakeSnapshot({testing::Netns(1), testing::Netns(3)});
  auto after = testing::MakeSnapshot({testing::Netns(1), testing::Netns(2), testing::Netns(3)});
  after.namespaces[2].counters_ok = false;
  for (auto* s : {&before, &after})
    for (auto& ns : s->namespaces) ns.counters.values = {{"Tcp.ActiveOpens", 1}};
  auto out = CounterDeltas(before, after, 1s);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].netns, 1u);
}

TEST(CounterDeltas, KeyMissingInOneSampleIsLeftOut) {
  auto before = testing::MakeSnapshot();
  auto after = before;
  after.namespaces[0].counters.values = {{"TcpExt.SyncookiesSent", 4}};
  auto out = CounterDeltas(before, after, 1s);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].deltas.empty());
  EXPECT_TRUE(out[0].reset.empty());
}

TEST(CounterDeltas, IntervalDefaultsToMonotonicDistance) {
  auto before = testing::MakeSnapshot();
  auto after = before;
  after.monotonic_at = before.monotonic_at + 500ms;
  before.namespaces[0].counters.values = {{"Tcp.ActiveOpens", 0}};
  after.namespaces[0].counters.values = {{"Tcp.ActiveOpens", 50}};
  auto out = CounterDeltas(before, after);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].interval, 500ms);
  EXPECT_DOUBLE_EQ(out[0].deltas[0].per_second, 100.0);
}

TEST(CounterDeltas, NoTimeMeansZeroRateNotInfinity) {
  auto before = testing::MakeSnapshot();
  auto after = before;
  before.namespaces[0].counters.values = {{"Tcp.ActiveOpens", 0}};
  after.namespaces[0].counters.values = {{"Tcp.ActiveOpens", 50}};
  auto out = CounterDeltas(before, after);
  EXPECT_EQ(out[0].deltas[0].delta, 50u);
  EXPECT_EQ(out[0].deltas[0].per_second, 0.0);
}

TEST(EffectiveInterval, RequestedWinsAndNegativeClampsToZero) {
  auto a = testing::MakeSnapshot();
  auto b = a;
  b.monotonic_at = a.monotonic_at + 3s;
  EXPECT_EQ(EffectiveInterval(a, b, 1s), 1s);
  EXPECT_EQ(EffectiveInterval(a, b, 0s), 3s);
  EXPECT_EQ(EffectiveInterval(b, a, 0s), 0s);
}

}  // namespace
}  // namespace sockscope::collect
