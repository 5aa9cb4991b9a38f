#include "base/escape.h"

#include <cstdint>

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

}  // namespace

size_t PrintableUtf8Length(std::string_view text, size_t at) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  unsigned char c = s[at];
  if (c < 0x80) return (c >= 0x20 && c != 0x7f) ? 1 : 0;
  size_t len = 0;
  uint32_t cp = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (at + len > n) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((s[at + i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (s[at + i] & 0x3f);
  }
  // Overlong forms, surrogates, beyond U+10FFFF, and C1 controls are rejected.
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  if (cp > 0x10ffff) return 0;
  if (cp >= 0x80 && cp <= 0x9f) return 0;
  return len;
}

void AppendEscapedForTerminal(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t len = PrintableUtf8Length(text, i);
    if (len == 0) {
      AppendHexByte(out, static_cast<unsigned char>(text[i]), false);
      ++i;
    } else if (text[i] == '\\') {
      out += "\\\\";
      ++i;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
}

std::string EscapeForTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedForTerminal(out, text);
  return out;
}

void AppendJsonStringBody(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c < 0x20) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
      }
      ++i;
      continue;
    }
    size_t len = PrintableUtf8Length(text, i);
    if (len == 0) {
      // DEL, C1 controls and invalid bytes: keep the information, stay valid UTF-8.
      AppendHexByte(out, c, true);
      ++i;
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
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else {
      size_t len = PrintableUtf8Length(text, i);
      if (len == 0) {
        AppendHexByte(out, c, true);
        ++i;
      } else {
        out.append(text.data() + i, len);
        i += len;
      }
    }
  }
}

}  // namespace sockscope::base
