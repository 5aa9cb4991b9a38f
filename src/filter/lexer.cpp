#include "filter/lexer.h"

#include <string_view>

namespace sockscope::filter {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Bytes that end a word. '[' ']' ':' '/' '*' stay inside words because
// addresses ([::1]:22, 10.0.0.0/8, *:*) and UNIX globs need them.
bool IsDelimiter(char c) {
  return IsSpace(c) || c == '(' || c == ')' || c == '!' || c == '=' || c == '<' || c == '>' ||
         c == '&' || c == '|';
}

// Scans one operator token at text[i]; returns its length and kind.
size_t ScanOperator(std::string_view text, size_t i, TokenKind& kind) {
  char c = text[i];
  char next = i + 1 < text.size() ? text[i + 1] : '\0';
  switch (c) {
    case '(':
      kind = TokenKind::kLParen;
      return 1;
    case ')':
      kind = TokenKind::kRParen;
      return 1;
    case '!':
      if (next == '=') {
        kind = TokenKind::kCompare;
        return 2;
      }
      kind = TokenKind::kBang;
      return 1;
    case '&':
      kind = next == '&' ? TokenKind::kAndAnd : TokenKind::kStray;
      return next == '&' ? 2 : 1;
    case '|':
      kind = next == '|' ? TokenKind::kOrOr : TokenKind::kStray;
      return next == '|' ? 2 : 1;
    default:  // = < >
      kind = TokenKind::kCompare;
      return next == '=' ? 2 : 1;
  }
}

}  // namespace

Lexed Tokenize(const std::vector<std::string>& words) {
  Lexed out;
  out.word_count = static_cast<int>(words.size());
  // Word boundaries in `joined`, so each token can name its word.
  for (size_t w = 0; w < words.size(); ++w) {
    if (w > 0) out.joined += ' ';
    size_t base = out.joined.size();
    out.joined += words[w];
    std::string_view text = words[w];
    size_t i = 0;
    while (i < text.size()) {
      if (IsSpace(text[i])) {
        ++i;
        continue;
      }
      Token token;
      token.offset = base + i;
      token.word = static_cast<int>(w) + 1;
      size_t len = 0;
      if (IsDelimiter(text[i])) {
        len = ScanOperator(text, i, token.kind);
      } else {
        token.kind = TokenKind::kWord;
        while (i + len < text.size() && !IsDelimiter(text[i + len])) ++len;
      }
      token.text.assign(text.substr(i, len));
      out.tokens.push_back(std::move(token));
      i += len;
    }
  }
  return out;
}

}  // namespace sockscope::filter
