// Small helpers shared by the /proc parsers: line iteration, whitespace
// tokenising, strict hex and decimal fields. Header-only, pure, no allocation.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sockscope::procfs::scan {

// Yields lines without their '\n' and without one trailing '\r' (files copied
// through Windows tools arrive with CRLF).
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}
  bool Next(std::string_view& line) {
    if (rest_.empty()) return false;
    size_t nl = rest_.find('\n');
    if (nl == std::string_view::npos) {
      line = rest_;
      rest_ = {};
    } else {
      line = rest_.substr(0, nl);
      rest_.remove_prefix(nl + 1);
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no_;
    return true;
  }
  size_t line_no() const { return line_no_; }

 private:
  std::string_view rest_;
  size_t line_no_ = 0;
};

inline bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Next whitespace-separated token; false at the end of the line.
inline bool NextToken(std::string_view& rest, std::string_view& token) {
  size_t i = 0;
  while (i < rest.size() && IsSpace(rest[i])) ++i;
  if (i == rest.size()) {
    rest = {};
    return false;
  }
  size_t j = i;
  while (j < rest.size() && !IsSpace(rest[j])) ++j;
  token = rest.substr(i, j - i);
  rest.remove_prefix(j);
  return true;
}

inline bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// Non-empty and hex digits only.
inline bool AllHex(std::string_view s) {
  for (char c : s)
    if (!IsHexDigit(c)) return false;
  return !s.empty();
}

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Exactly the characters of text, in base, fitting T; nothing else accepted
// (no sign, no "0x", no spaces).
template <typename T>
std::optional<T> ParseUnsigned(std::string_view text, int base) {
  if (text.empty()) return std::nullopt;
  if (text[0] == '-' || text[0] == '+') return std::nullopt;
  T value{};
  auto r = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Signed decimal (sysctls like tcp_max_tw_buckets are ints; Tcp MaxConn is -1).
inline std::optional<int64_t> ParseSigned(std::string_view text) {
  if (text.empty() || text[0] == '+') return std::nullopt;
  int64_t value{};
  auto r = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace sockscope::procfs::scan
