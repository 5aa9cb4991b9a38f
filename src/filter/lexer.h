// Tokeniser of the filter layer: splits the command-line words of a filter
// into tokens that remember where they came from (word number, byte offset in
// the words joined by single spaces), so errors can point at them.
// Internal to src/filter/; pure, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sockscope::filter {

enum class TokenKind {
  kWord,     // keywords, state names, addresses, ports: maximal runs of other bytes
  kLParen,   // (
  kRParen,   // )
  kBang,     // !  (not)
  kAndAnd,   // &&
  kOrOr,     // ||
  kCompare,  // = == != > < >= <=
  kStray,    // a lone & or |: always a syntax error, kept so the parser can point at it
};

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string text;
  size_t offset = 0;  // byte offset in Lexed::joined
  int word = 0;       // 1-based index of the word the token starts in
};

struct Lexed {
  std::string joined;  // the words joined by single spaces
  std::vector<Token> tokens;
  int word_count = 0;
};

// Never fails: every byte is whitespace or part of some token.
Lexed Tokenize(const std::vector<std::string>& words);

}  // namespace sockscope::filter
