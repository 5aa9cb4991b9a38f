#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "filter/diagnostic.h"
#include "filter/filter.h"

namespace sockscope::filter {
namespace {

std::string ErrorOf(const std::vector<std::string>& words) {
  auto f = ParseFilter(words);
  EXPECT_FALSE(f.has_value());
  if (f) return "";
  EXPECT_EQ(f.error().kind, base::ErrorKind::kUsage);
  return f.error().message;
}

// Column of the first caret in the last line, relative to the expression line.
size_t CaretColumn(const std::string& message) {
  size_t last = message.rfind('\n');
  return message.find('^', last) - last - 1 - 2;
}
size_t CaretWidth(const std::string& message) {
  size_t last = message.rfind('\n');
  size_t start = message.find('^', last);
  return message.find_first_not_of('^', start) == std::string::npos
             ? message.size() - start
             : message.find_first_not_of('^', start) - start;
}

TEST(ParseError, PointsAtABadPortWithWordAndCaret) {
  EXPECT_EQ(ErrorOf({"sport", "=", "foo"}),
            "filter: unexpected 'foo' at word 3: expected a port like :443\n"
            "  sport = foo\n"
            "          ^^^");
}

TEST(ParseError, DanglingAnd) {
  EXPECT_EQ(ErrorOf({"sport = :22 and"}),
            "filter: unexpected end of expression after 'and': expected a term: sport, dport, "
            "src, dst, dev, cgroup, not or (\n"
            "  sport = :22 and\n"
            "                 ^");
}

TEST(ParseError, EmptyParentheses) {
  std::string m = ErrorOf({"(", ")"});
  EXPECT_NE(m.find("unexpected ')' at word 2: empty parentheses"), std::string::npos) << m;
  EXPECT_EQ(CaretColumn(m), 2u);
}

TEST(ParseError, UnknownKeyword) {
  std::string m = ErrorOf({"sport", ":22", "or", "foo", ":1"});
  EXPECT_NE(m.find("unexpected 'foo' at word 4: expected a term"), std::string::npos) << m;
  EXPECT_EQ(CaretColumn(m), std::string("sport :22 or ").size());
  EXPECT_EQ(CaretWidth(m), 3u);
}

TEST(ParseError, MissingPort) {
  std::string m = ErrorOf({"dport", ">"});
  EXPECT_NE(m.find("unexpected end of expression after '>': expected a port like :443"),
            std::string::npos)
      << m;
  EXPECT_EQ(CaretColumn(m), std::string("dport >").size());
}

TEST(ParseError, PortOutOfRange) {
  std::string m = ErrorOf({"dport = :65536"});
  EXPECT_NE(m.find("bad port ':65536' at word 1: port must be a number 0-65535"), std::string::npos)
      << m;
  EXPECT_EQ(CaretColumn(m), 8u);
  EXPECT_EQ(CaretWidth(m), 6u);
}

TEST(ParseError, UnmatchedOpenParenthesisPointsAtIt) {
  std::string m = ErrorOf({"sport :1 and ( dport :2 or dport :3"});
  EXPECT_NE(m.find("unmatched '(' at word 1"), std::string::npos) << m;
  EXPECT_EQ(CaretColumn(m), std::string("sport :1 and ").size());
}

TEST(ParseError, ExtraCloseParenthesis) {
  std::string m = ErrorOf({"sport :1 )", "or dport :2"});
  EXPECT_NE(m.find("unexpected ')' at word 1: no '(' to close"), std::string::npos) << m;
  EXPECT_EQ(CaretColumn(m), 9u);
}

TEST(ParseError, BadAddresses) {
  struct Case {
    std::vector<std::string> words;
    const char* part;
    size_t column;
  } cases[] = {
      {{"src", "10.0.0.0/33"}, "bad address '10.0.0.0/33' at word 2: prefix length '33'", 4},
      {{"dst", "[::1]/129"}, "bad address '[::1]/129' at word 2", 4},
      {{"dst", "example.com"}, "names are not resolved", 4},
      {{"src 1.2.3.4:99999"}, "0-65535", 4},
      {{"dst unix:/var/lib/app/x"}, "UNIX peers have no path", 4},
  };
  for (const auto& c : cases) {
    std::string m = ErrorOf(c.words);
    EXPECT_NE(m.find(c.part), std::string::npos) << m;
    EXPECT_EQ(CaretColumn(m), c.column) << m;
  }
}

TEST(ParseError, MissingAddress) {
  std::string m = ErrorOf({"src", "=", "(", "sport :1", ")"});
  EXPECT_NE(m.find("unexpected '(' at word 3: expected an address"), std::string::npos) << m;
  m = ErrorOf({"dst"});
  EXPECT_NE(m.find("after 'dst': expected an address"), std::string::npos) << m;
}

TEST(ParseError, OrderingOperatorOnAddress) {
  std::string m = ErrorOf({"src > 10.0.0.1"});
  EXPECT_NE(m.find("unexpected '>' at word 1: src and dst take = or != only"), std::string::npos)
      << m;
  EXPECT_EQ(CaretColumn(m), 4u);
}

TEST(ParseError, BadStateNames) {
  std::string m = ErrorOf({"state", "estab"});
  EXPECT_NE(m.find("bad state 'estab' at word 2: expected a state"), std::string::npos) << m;
  m = ErrorOf({"exclude"});
  EXPECT_NE(m.find("unexpected end of expression after 'exclude'"), std::string::npos) << m;
}

TEST(ParseError, StateAfterExpression) {
  std::string m = ErrorOf({"sport :22 state listening"});
  EXPECT_NE(m.find("unexpected 'state' at word 1: state clauses must come before"),
            std::string::npos)
      << m;
}

TEST(ParseError, StrayAmpersandAndUnsupportedSsKeyword) {
  std::string m = ErrorOf({"sport :1 & sport :2"});
  EXPECT_NE(m.find("unexpected '&' at word 1: write && or ||"), std::string::npos) << m;
  m = ErrorOf({"fwmark", "0x1"});
  EXPECT_NE(m.find("unexpected 'fwmark' at word 1: this ss filter is not supported"),
            std::string::npos)
      << m;
  // dev and cgroup names need the caller's lookups; without them they are
  // refused by name, pointing at the name.
  m = ErrorOf({"dev", "eth0"});
  EXPECT_NE(m.find("bad device 'eth0' at word 2"), std::string::npos) << m;
  m = ErrorOf({"cgroup", "/system.slice"});
  EXPECT_NE(m.find("bad cgroup '/system.slice' at word 2"), std::string::npos) << m;
}

// dev and cgroup terms with lookups: ids from names, numbers as indexes,
// != as a negation, and their canonical text.
TEST(Parser, DeviceAndCgroupTerms) {
  FilterLookups lookups;
  lookups.interfaces = [](std::string_view name) -> std::optional<uint32_t> {
    return name == "eth0" ? std::optional<uint32_t>(2) : std::nullopt;
  };
  lookups.cgroups = [](std::string_view path) -> std::optional<uint64_t> {
    return path == "/system.slice" ? std::optional<uint64_t>(77) : std::nullopt;
  };
  auto f = ParseFilter({"dev eth0 or dev != 3 or cgroup = /system.slice"}, lookups);
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(DescribeExpr(*f->expr), "(dev = eth0 or not dev = 3 or cgroup = /system.slice)");
  model::Socket s;
  s.interface = 2;
  EXPECT_TRUE(Matches(*f, s));
  s.interface = 3;
  s.cgroup_id = 77;
  EXPECT_TRUE(Matches(*f, s));
  s.cgroup_id = 78;
  EXPECT_FALSE(Matches(*f, s));
  EXPECT_FALSE(ParseFilter({"dev", "eth1"}, lookups).has_value());
  EXPECT_FALSE(ParseFilter({"dev", "0"}, lookups).has_value());
  EXPECT_FALSE(ParseFilter({"dev", ">", "eth0"}, lookups).has_value());
}

TEST(ParseError, DoubleOperators) {
  std::string m = ErrorOf({"sport :1 or or sport :2"});
  EXPECT_NE(m.find("unexpected 'or' at word 1: expected a term"), std::string::npos) << m;
  EXPECT_EQ(CaretColumn(m), 12u);
  m = ErrorOf({"and sport :1"});
  EXPECT_NE(m.find("unexpected 'and' at word 1"), std::string::npos) << m;
}

TEST(ParseError, NestingLimitOnParentheses) {
  std::string m = ErrorOf({std::string(100000, '(')});
  EXPECT_NE(m.find("nesting deeper than 64 levels"), std::string::npos);
  EXPECT_EQ(CaretColumn(m), 3u + 60u);  // "..." then 60 bytes of context
  EXPECT_LT(m.size(), 400u);            // the echo of the input is cut to a window
}

TEST(ParseError, NestingLimitOnNegations) {
  std::string text;
  for (int i = 0; i <= kMaxNesting; ++i) text += "!";
  text += "sport :1";
  std::string m = ErrorOf({text});
  EXPECT_NE(m.find("nesting deeper than 64 levels"), std::string::npos) << m;
  // The 65th '!' sits at byte 64: past the 60 bytes of context, so the line
  // starts with "..." and the caret is at 3 + 60.
  EXPECT_NE(m.find("\n  ...!!!"), std::string::npos) << m;
  EXPECT_EQ(CaretColumn(m), 63u);
}

TEST(ParseError, ControlBytesAreEscapedAndTheCaretFollows) {
  std::string m = ErrorOf({"\x1b[31m", "sport", "=", "x"});
  EXPECT_EQ(m.find('\x1b'), std::string::npos);
  EXPECT_NE(m.find("\\x1b[31m"), std::string::npos) << m;
}

TEST(CaretLines, MarksTheTokenColumns) {
  EXPECT_EQ(CaretLines("sport = foo", 8, 3), "  sport = foo\n          ^^^");
  EXPECT_EQ(CaretLines("a", 1, 0), "  a\n   ^");
  EXPECT_EQ(CaretLines("\t x", 2, 1), "  \\x09 x\n       ^");
}

}  // namespace
}  // namespace sockscope::filter
