#include "base/escape.h"

namespace sockscope::base {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendHexByte(std::string& out, unsigned char byte, bool double_backslash) {
  out += '\\';
  if (double_backslash) out += '\\';
  out += 'x';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

// \uXXXX for a code point of the Basic Multilingual Plane (every control and
// format character is one).
void AppendU4(std::string& out, uint32_t cp, bool double_backslash) {
  out += '\\';
  if (double_backslash) out += '\\';
  out += 'u';
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xf];
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f); }

// The terminal and message policy; they differ only in the backslash.
void AppendEscaped(std::string& out, std::string_view text, bool escape_backslash,
                   std::string_view also_hex) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(text, i, cp);
    auto c = static_cast<unsigned char>(text[i]);
    if (len == 0 || (len == 1 && IsControl(cp)) || (len == 2 && IsControl(cp))) {
      // Invalid bytes and controls: each byte as \xNN (a C1 control is two).
      size_t n = len == 0 ? 1 : len;
      for (size_t k = 0; k < n; ++k)
        AppendHexByte(out, static_cast<unsigned char>(text[i + k]), false);
      i += n;
    } else if (IsFormatCharacter(cp)) {
      AppendU4(out, cp, false);
      i += len;
    } else if (c == '\\') {
      out += escape_backslash ? "\\\\" : "\\";
      ++i;
    } else if (len == 1 && also_hex.find(static_cast<char>(c)) != std::string_view::npos) {
      AppendHexByte(out, c, false);
      ++i;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
}

}  // namespace

size_t DecodeUtf8(std::string_view text, size_t at, uint32_t& cp) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  unsigned char c = s[at];
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t len = 0;
  uint32_t v = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
    v = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    v = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (at + len > n) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((s[at + i] & 0xc0) != 0x80) return 0;
    v = (v << 6) | (s[at + i] & 0x3f);
  }
  // Overlong forms, surrogates and code points beyond U+10FFFF are invalid.
  if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000)) return 0;
  if (v >= 0xd800 && v <= 0xdfff) return 0;
  if (v > 0x10ffff) return 0;
  cp = v;
  return len;
}

bool IsFormatCharacter(uint32_t cp) {
  return cp == 0x00ad || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff ||
         (cp >= 0xfff9 && cp <= 0xfffb);
}

size_t PrintableUtf8Length(std::string_view text, size_t at) {
  uint32_t cp = 0;
  size_t len = DecodeUtf8(text, at, cp);
  if (len == 0 || IsControl(cp) || IsFormatCharacter(cp)) return 0;
  return len;
}

void AppendEscapedForTerminal(std::string& out, std::string_view text) {
  AppendEscaped(out, text, true, {});
}

std::string EscapeForTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedForTerminal(out, text);
  return out;
}

void AppendEscapedOwnerName(std::string& out, std::string_view text) {
  AppendEscaped(out, text, true, "\"(),");
}

void AppendEscapedForMessage(std::string& out, std::string_view text) {
  AppendEscaped(out, text, false, {});
}

std::string EscapeForMessage(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedForMessage(out, text);
  return out;
}

void AppendJsonStringBody(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) {
      // Invalid bytes: keep the information, stay valid UTF-8.
      AppendHexByte(out, static_cast<unsigned char>(text[i]), true);
      ++i;
    } else if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
      ++i;
    } else if (IsControl(cp) || IsFormatCharacter(cp)) {
      AppendU4(out, cp, false);
      i += len;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
}

std::string JsonQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  AppendJsonStringBody(out, text);
  out += '"';
  return out;
}

void AppendPrometheusLabelValue(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(text, i, cp);
    if (len == 1 && (cp == '\\' || cp == '"')) {
      out += '\\';
      out += static_cast<char>(cp);
      ++i;
    } else if (len == 1 && cp == '\n') {
      out += "\\n";
      ++i;
    } else if (len == 0 || IsControl(cp)) {
      size_t n = len == 0 ? 1 : len;
      for (size_t k = 0; k < n; ++k)
        AppendHexByte(out, static_cast<unsigned char>(text[i + k]), true);
      i += n;
    } else if (IsFormatCharacter(cp)) {
      AppendU4(out, cp, true);
      i += len;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
}

}  // namespace sockscope::base
