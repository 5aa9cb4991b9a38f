#include "filter/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/escape.h"

namespace sockscope::filter {
namespace {

// Bytes of context shown on each side of the token in long expressions; a
// fuzzer-sized filter would otherwise produce a megabyte-long error.
constexpr size_t kContext = 60;
// Longest token text quoted in the reason line.
constexpr size_t kMaxQuoted = 40;

// Terminal columns of escaped text: one per code point (the escaped text is
// valid UTF-8 with no controls).
size_t Columns(std::string_view escaped) {
  return static_cast<size_t>(std::count_if(escaped.begin(), escaped.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

std::string Quote(std::string_view text) {
  std::string shown = base::EscapeForTerminal(text.substr(0, kMaxQuoted));
  if (text.size() > kMaxQuoted) shown += "...";
  return shown;
}

}  // namespace

std::string CaretLines(std::string_view joined, size_t offset, size_t length) {
  offset = std::min(offset, joined.size());
  length = std::max<size_t>(1, std::min(length, kContext));
  size_t begin = offset > kContext ? offset - kContext : 0;
  size_t end = std::min(joined.size(), offset + length + kContext);
  std::string before = base::EscapeForTerminal(joined.substr(begin, offset - begin));
  std::string token =
      base::EscapeForTerminal(joined.substr(offset, std::min(length, end - offset)));
  std::string after =
      end > offset + length
          ? base::EscapeForTerminal(joined.substr(offset + length, end - offset - length))
          : std::string();
  std::string line = "  ";
  if (begin > 0) line += "...";
  line += before + token + after;
  if (end < joined.size()) line += "...";
  size_t pad = 2 + (begin > 0 ? 3 : 0) + Columns(before);
  // Past the end (a missing token) the caret is one column wide.
  size_t width = std::max<size_t>(1, Columns(token));
  return line + "\n" + std::string(pad, ' ') + std::string(width, '^');
}

base::Error ErrorAt(const Lexed& lexed, const Token& token, std::string_view headline,
                    std::string_view detail) {
  return base::MakeError(base::ErrorKind::kUsage,
                         fmt::format("filter: {} at word {}: {}\n{}", headline, token.word, detail,
                                     CaretLines(lexed.joined, token.offset, token.text.size())));
}

base::Error UnexpectedToken(const Lexed& lexed, const Token& token, std::string_view expectation) {
  return ErrorAt(lexed, token, fmt::format("unexpected '{}'", Quote(token.text)), expectation);
}

base::Error BadToken(const Lexed& lexed, const Token& token, std::string_view what,
                     std::string_view reason) {
  return ErrorAt(lexed, token, fmt::format("bad {} '{}'", what, Quote(token.text)), reason);
}

base::Error UnexpectedEnd(const Lexed& lexed, const Token& last, std::string_view expectation) {
  return base::MakeError(
      base::ErrorKind::kUsage,
      fmt::format("filter: unexpected end of expression after '{}': {}\n{}", Quote(last.text),
                  expectation, CaretLines(lexed.joined, lexed.joined.size(), 1)));
}

}  // namespace sockscope::filter
