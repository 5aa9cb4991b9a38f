#include "tui/text_cells.h"

#include <gtest/gtest.h>

namespace sockscope::tui {
namespace {

TEST(FitCell, PadsAndAligns) {
  EXPECT_EQ(FitCell("ab", 4), "ab  ");
  EXPECT_EQ(FitCell("ab", 4, CellAlign::kRight), "  ab");
  EXPECT_EQ(FitCell("abcd", 4), "abcd");
}

TEST(FitCell, CutsWithAMarkCountingCodePoints) {
  EXPECT_EQ(FitCell("abcdef", 4), "abc~");
  EXPECT_EQ(FitCell("ééééé", 3), "éé~");
  EXPECT_EQ(FitCell("abc", 0), "");
}

TEST(ClipLine, NeverSplitsACodePoint) {
  EXPECT_EQ(ClipLine("▁▂▃▄", 2), "▁▂");
  EXPECT_EQ(ClipLine("abc", 10), "abc");
}

TEST(AsciiOnly, ReplacesEachCodePointOnce) { EXPECT_EQ(AsciiOnly("a▁b\xc3\xa9"), "a?b?"); }

TEST(FillBar, ScalesToWidth) {
  EXPECT_EQ(FillBar(0.0, 6, false), "......");
  EXPECT_EQ(FillBar(0.5, 6, false), "###...");
  EXPECT_EQ(FillBar(1.0, 6, false), "######");
  EXPECT_EQ(FillBar(1.25, 6, false), "######");   // past max: the kernel's "full"
  EXPECT_EQ(FillBar(0.001, 6, false), "#.....");  // anything queued shows
  EXPECT_EQ(FillBar(0.5, 4, true), "██░░");
}

TEST(SparkLevel, ZeroIsBottomScaleIsTop) {
  EXPECT_EQ(SparkLevel(0, 5), 0);
  EXPECT_EQ(SparkLevel(5, 5), 7);
  EXPECT_EQ(SparkLevel(9, 5), 7);
  EXPECT_EQ(SparkLevel(1, 5), 2);
  EXPECT_EQ(SparkLevel(4, 5), 5);
  EXPECT_EQ(SparkLevel(3, 0), 7);  // a zero scale is treated as 1
}

TEST(Sparkline, KnownHistoryNewestOnTheRight) {
  std::vector<uint32_t> history = {0, 1, 2, 3, 4, 5};
  EXPECT_EQ(Sparkline(history, 6, 5, false), "_-:=+#");
  EXPECT_EQ(Sparkline(history, 6, 5, true), "▁▃▄▅▆█");
  // Fewer samples than columns: blank on the left.
  EXPECT_EQ(Sparkline({5, 0}, 5, 5, false), "   #_");
  // More samples than columns: the newest ones.
  EXPECT_EQ(Sparkline(history, 2, 5, false), "+#");
}

}  // namespace
}  // namespace sockscope::tui
