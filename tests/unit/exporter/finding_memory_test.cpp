// Findings as stable series: an identity keeps its series (0 once cleared)
// for the hold time, unless its namespace is gone.
#include "exporter/finding_memory.h"

#include <gtest/gtest.h>

namespace sockscope::exporter {
namespace {

using namespace std::chrono_literals;
using render::FindingSeries;

FindingSeries Series(std::string id, uint64_t netns, int value) {
  return FindingSeries{std::move(id), netns, "127.0.0.1", "8080", value};
}

TEST(FindingMemory, ClearedFindingsStayAsZeroForTheHoldTime) {
  FindingMemory memory(10min);
  const auto t0 = FindingMemory::Clock::time_point{} + 1h;
  auto first = memory.Update({Series("accept-queue-full", 7, 3)}, {7}, t0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].value, 3);
  // Cleared: still exported, as 0.
  auto cleared = memory.Update({}, {7}, t0 + 1min);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].id, "accept-queue-full");
  EXPECT_EQ(cleared[0].value, 0);
  // Back, with another severity: the same series, the new value.
  auto back = memory.Update({Series("accept-queue-full", 7, 2)}, {7}, t0 + 2min);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].value, 2);
  // Past the hold time since last seen: gone.
  EXPECT_TRUE(memory.Update({}, {7}, t0 + 13min).empty());
}

TEST(FindingMemory, AVanishedNamespaceLeavesNoSeries) {
  FindingMemory memory(10min);
  const auto t0 = FindingMemory::Clock::time_point{} + 1h;
  memory.Update({Series("accept-queue-full", 7, 3), Series("listen-overflows", 8, 3)}, {7, 8}, t0);
  auto after = memory.Update({}, {8}, t0 + 1min);  // namespace 7 is gone
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].netns, 8u);
  EXPECT_EQ(after[0].value, 0);
}

}  // namespace
}  // namespace sockscope::exporter
