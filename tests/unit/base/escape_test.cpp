// The one escaping policy of base/escape.h, output by output (issue 12).
#include "base/escape.h"

#include <gtest/gtest.h>

#include <string>

namespace sockscope::base {
namespace {

const std::string kRlo = "\xe2\x80\xae";  // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string kLri = "\xe2\x81\xa6";  // U+2066 LEFT-TO-RIGHT ISOLATE
const std::string kLrm = "\xe2\x80\x8e";  // U+200E LEFT-TO-RIGHT MARK
const std::string kNel = "\xc2\x85";      // U+0085, a C1 control
const std::string kEAcute = "\xc3\xa9";   // é: printable, kept
const std::string kForgery = "\",pid=1,fd=3))";

TEST(EscapeForTerminal, ControlsInvalidBytesAndBackslash) {
  EXPECT_EQ(EscapeForTerminal("a\x1b[31mb\n\x7f\\"), "a\\x1b[31mb\\x0a\\x7f\\\\");
  EXPECT_EQ(EscapeForTerminal("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(EscapeForTerminal(kNel), "\\xc2\\x85");
  EXPECT_EQ(EscapeForTerminal("caf" + kEAcute + " ok"), "caf" + kEAcute + " ok");
}

TEST(EscapeForTerminal, BidiAndFormatCharactersIssue12) {
  EXPECT_EQ(EscapeForTerminal("a" + kRlo + "b"), "a\\u202eb");
  EXPECT_EQ(EscapeForTerminal(kLri + kLrm), "\\u2066\\u200e");
  for (uint32_t cp : {0x202au, 0x202bu, 0x202cu, 0x202du, 0x202eu, 0x2066u, 0x2067u, 0x2068u,
                      0x2069u, 0x200eu, 0x200fu})
    EXPECT_TRUE(IsFormatCharacter(cp)) << std::hex << cp;
  EXPECT_FALSE(IsFormatCharacter('a'));
  EXPECT_FALSE(IsFormatCharacter(0xe9));
}

TEST(EscapeForTerminal, OverlongAndSurrogatesAreInvalid) {
  EXPECT_EQ(EscapeForTerminal("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(EscapeForTerminal("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(EscapeForTerminal("\xe2\x80"), "\\xe2\\x80");           // cut short
}

TEST(EscapedOwnerName, DelimitersCannotForgeAnOwnerIssue12) {
  std::string out;
  AppendEscapedOwnerName(out, kForgery);
  EXPECT_EQ(out, "\\x22\\x2cpid=1\\x2cfd=3\\x29\\x29");
  EXPECT_EQ(out.find_first_of("\"(),"), std::string::npos);
}

TEST(EscapeForMessage, KeepsBackslashesEscapesNewlines) {
  EXPECT_EQ(EscapeForMessage("ns 'a\nb\x1b' \\x41 " + kRlo), "ns 'a\\x0ab\\x1b' \\x41 \\u202e");
  // Idempotent on escaped text: a message escaped twice reads the same.
  std::string once = EscapeForMessage("x\x1by" + kRlo);
  EXPECT_EQ(EscapeForMessage(once), once);
}

TEST(JsonStringBody, EveryControlIsUnicodeEscapedIncludingDelIssue12) {
  EXPECT_EQ(JsonQuote("\x01\n\t\r\x1b\x7f"), "\"\\u0001\\u000a\\u0009\\u000d\\u001b\\u007f\"");
  EXPECT_EQ(JsonQuote(kNel), "\"\\u0085\"");
  EXPECT_EQ(JsonQuote("a" + kRlo + kLrm), "\"a\\u202e\\u200e\"");
  EXPECT_EQ(JsonQuote("\"\\"), "\"\\\"\\\\\"");
  EXPECT_EQ(JsonQuote("\xff"), "\"\\\\xff\"");
  EXPECT_EQ(JsonQuote(kEAcute), "\"" + kEAcute + "\"");
}

TEST(PrometheusLabelValue, FormatEscapesAndTheSameControlPolicy) {
  std::string out;
  AppendPrometheusLabelValue(out, "a\\b\"c\nd\x1b\x7f\xff" + kRlo);
  EXPECT_EQ(out, "a\\\\b\\\"c\\nd\\\\x1b\\\\x7f\\\\xff\\\\u202e");
  // Only \\, \" and \n follow a backslash in the written value.
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '\\') continue;
    ASSERT_LT(i + 1, out.size());
    EXPECT_TRUE(out[i + 1] == '\\' || out[i + 1] == '"' || out[i + 1] == 'n') << out;
    ++i;
  }
}

}  // namespace
}  // namespace sockscope::base
