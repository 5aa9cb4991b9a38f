#include "procfs/pid_parsers.h"

#include <gtest/gtest.h>

namespace sockscope::procfs {
namespace {

TEST(ParseStatState, TakesTheFieldAfterTheLastParenthesis) {
  EXPECT_EQ(ParseStatState("925 (nginx) S 1 925 925 0 -1"), 'S');
  // A hostile comm with spaces and parentheses cannot shift the field.
  EXPECT_EQ(ParseStatState("12 (a) R (b) T 1 2 3"), 'T');
  EXPECT_EQ(ParseStatState("7 (x) D"), 'D');
}

TEST(ParseStatState, OddLinesGiveNothing) {
  EXPECT_FALSE(ParseStatState("").has_value());
  EXPECT_FALSE(ParseStatState("925 nginx S").has_value());
  EXPECT_FALSE(ParseStatState("925 (nginx)").has_value());
  EXPECT_FALSE(ParseStatState("925 (nginx) SS 1").has_value());
  EXPECT_FALSE(ParseStatState("925 (nginx) 5 1").has_value());
}

TEST(ParseEpollWatches, ReadsTheHexInodeOfEveryWatchedFile) {
  auto w = ParseEpollWatches(
      "pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1039\n"
      "tfd:        6 events:       19 data:                6  pos:0 ino:5bca52 sdev:9\n"
      "tfd:        4 events:       1f data:                4  pos:0 ino:a sdev:9\n"
      "tfd:        7 events:       1f data:                7  pos:0 ino:a sdev:9\n");
  EXPECT_EQ(w, (std::vector<uint64_t>{0xa, 0x5bca52}));
}

TEST(ParseEpollWatches, NotAnEpollFdOrBadInodesGiveNothing) {
  EXPECT_TRUE(ParseEpollWatches("pos:\t0\nflags:\t0100000\nmnt_id:\t23\n").empty());
  EXPECT_TRUE(ParseEpollWatches("tfd: 4 events: 1f ino:xyz\ntfd: 5 events: 1f ino:\n").empty());
}

}  // namespace
}  // namespace sockscope::procfs
