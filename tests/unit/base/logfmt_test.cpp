// logfmt lines: time and level first, values quoted only when they must be,
// and untrusted text can neither add a field nor a line.
#include "base/logfmt.h"

#include <gtest/gtest.h>

namespace sockscope::base {
namespace {

const auto kWhen = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764745802415));

TEST(Logfmt, TimeLevelMessageAndFields) {
  EXPECT_EQ(LogfmtLine(kWhen, "info", "listening", {{"address", ":9977"}, {"port", "9977"}}),
            "ts=2025-12-03T07:10:02.415Z level=info msg=listening address=:9977 port=9977\n");
}

TEST(Logfmt, QuotesWhatWouldBreakTheLine) {
  EXPECT_EQ(LogfmtLine(kWhen, "warn", "collector failed", {{"reason", ""}}),
            "ts=2025-12-03T07:10:02.415Z level=warn msg=\"collector failed\" reason=\"\"\n");
  std::string out;
  AppendLogfmtValue(out, "a=b");
  EXPECT_EQ(out, "\"a=b\"");
  out.clear();
  // A hostile process name: newline, a forged field, an escape sequence.
  AppendLogfmtValue(out, "x\nlevel=error msg=\"forged\" \x1b[2J");
  EXPECT_EQ(out.find('\n'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.front(), '"');
  EXPECT_EQ(out.back(), '"');
  EXPECT_NE(out.find("\\\"forged\\\""), std::string::npos) << out;
}

}  // namespace
}  // namespace sockscope::base
