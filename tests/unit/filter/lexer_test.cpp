#include "filter/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sockscope::filter {
namespace {

std::vector<std::string> Texts(const Lexed& lexed) {
  std::vector<std::string> out;
  for (const Token& t : lexed.tokens) out.push_back(t.text);
  return out;
}

TEST(Lexer, SplitsOneWordHoldingAWholeExpression) {
  Lexed lexed = Tokenize({"( dport = :22 or sport = :22 )"});
  EXPECT_EQ(Texts(lexed),
            (std::vector<std::string>{"(", "dport", "=", ":22", "or", "sport", "=", ":22", ")"}));
  for (const Token& t : lexed.tokens) EXPECT_EQ(t.word, 1);
}

TEST(Lexer, SplitsOperatorsWithoutSpaces) {
  Lexed lexed = Tokenize({"!(sport>=:1024&&dport!=:80)||src[::1]:22"});
  EXPECT_EQ(Texts(lexed), (std::vector<std::string>{"!", "(", "sport", ">=", ":1024", "&&", "dport",
                                                    "!=", ":80", ")", "||", "src[::1]:22"}));
  EXPECT_EQ(lexed.tokens[0].kind, TokenKind::kBang);
  EXPECT_EQ(lexed.tokens[3].kind, TokenKind::kCompare);
  EXPECT_EQ(lexed.tokens[5].kind, TokenKind::kAndAnd);
  EXPECT_EQ(lexed.tokens[7].kind, TokenKind::kCompare);
  EXPECT_EQ(lexed.tokens[10].kind, TokenKind::kOrOr);
}

TEST(Lexer, RecordsWordNumbersAndOffsetsInTheJoinedText) {
  Lexed lexed = Tokenize({"sport", "=", ":22 or", "dst 10.0.0.1"});
  EXPECT_EQ(lexed.joined, "sport = :22 or dst 10.0.0.1");
  ASSERT_EQ(lexed.tokens.size(), 6u);
  EXPECT_EQ(lexed.word_count, 4);
  int expected_words[] = {1, 2, 3, 3, 4, 4};
  for (size_t i = 0; i < lexed.tokens.size(); ++i) {
    const Token& t = lexed.tokens[i];
    EXPECT_EQ(t.word, expected_words[i]) << t.text;
    EXPECT_EQ(lexed.joined.substr(t.offset, t.text.size()), t.text);
  }
}

TEST(Lexer, MarksLoneAmpersandAndPipeAsStray) {
  Lexed lexed = Tokenize({"a & b | c"});
  ASSERT_EQ(lexed.tokens.size(), 5u);
  EXPECT_EQ(lexed.tokens[1].kind, TokenKind::kStray);
  EXPECT_EQ(lexed.tokens[3].kind, TokenKind::kStray);
}

TEST(Lexer, SkipsEmptyWordsAndAllWhitespace) {
  Lexed lexed = Tokenize({"", "\t", " sport\n", ""});
  ASSERT_EQ(lexed.tokens.size(), 1u);
  EXPECT_EQ(lexed.tokens[0].text, "sport");
  EXPECT_EQ(lexed.tokens[0].word, 3);
}

TEST(Lexer, KeepsAddressCharactersInsideWords) {
  Lexed lexed = Tokenize({"src [2001:db8::]/32:* dst *:443 src unix:/run/*.sock"});
  EXPECT_EQ(Texts(lexed), (std::vector<std::string>{"src", "[2001:db8::]/32:*", "dst", "*:443",
                                                    "src", "unix:/run/*.sock"}));
}

TEST(Lexer, ComparisonTokens) {
  Lexed lexed = Tokenize({"= == != > < >= <="});
  EXPECT_EQ(Texts(lexed), (std::vector<std::string>{"=", "==", "!=", ">", "<", ">=", "<="}));
  for (const Token& t : lexed.tokens) EXPECT_EQ(t.kind, TokenKind::kCompare) << t.text;
}

}  // namespace
}  // namespace sockscope::filter
