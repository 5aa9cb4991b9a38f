// The exporter's process_* values from /proc/self/stat and /proc/stat.
#include "procfs/self_stat.h"

#include <gtest/gtest.h>

namespace sockscope::procfs {
namespace {

// Fields 14 utime, 15 stime, 22 starttime, 23 vsize, 24 rss (proc(5)).
constexpr std::string_view kStat =
    "4242 (sock scope) (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 "
    "1000 104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

TEST(SelfStat, CpuStartTimeAndSizesInBaseUnits) {
  auto self = ParseSelfStat(kStat, 100, 4096, 1700000000);
  ASSERT_TRUE(self.cpu_seconds);
  EXPECT_DOUBLE_EQ(*self.cpu_seconds, 3.0);  // (250 + 50) / 100
  ASSERT_TRUE(self.start_time_seconds);
  EXPECT_DOUBLE_EQ(*self.start_time_seconds, 1700000010.0);  // btime + 1000 / 100
  EXPECT_EQ(self.virtual_bytes, 104857600u);
  EXPECT_EQ(self.resident_bytes, 2560u * 4096u);
}

TEST(SelfStat, WhatCannotBeReadStaysUnknown) {
  auto no_boot = ParseSelfStat(kStat, 100, 4096, std::nullopt);
  EXPECT_FALSE(no_boot.start_time_seconds);
  EXPECT_TRUE(no_boot.cpu_seconds);
  auto cut = ParseSelfStat("4242 (x) S 1 2 3", 100, 4096, 1);
  EXPECT_FALSE(cut.cpu_seconds);
  EXPECT_FALSE(cut.resident_bytes);
  auto garbage = ParseSelfStat("no parenthesis at all", 100, 4096, 1);
  EXPECT_FALSE(garbage.virtual_bytes);
  auto no_ticks = ParseSelfStat(kStat, 0, 0, 1);
  EXPECT_FALSE(no_ticks.cpu_seconds);
  EXPECT_FALSE(no_ticks.resident_bytes);
}

TEST(SelfStat, BootTimeLine) {
  EXPECT_EQ(ParseBootTime("cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n"), 1700000000u);
  EXPECT_FALSE(ParseBootTime("cpu  1 2 3\n"));
  EXPECT_FALSE(ParseBootTime("btime x\n"));
}

}  // namespace
}  // namespace sockscope::procfs
