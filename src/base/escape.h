// Escaping of untrusted bytes (process names, UNIX socket paths, namespace
// names, anything a user or the kernel hands us) for each output. One policy,
// applied by every output: pure functions, thread-safe.
//
// What is escaped everywhere:
// - control characters: C0, DEL (0x7f) and C1 (U+0080..U+009F);
// - bytes that are not valid UTF-8 (overlong forms, surrogates, stray
//   continuation bytes, truncated sequences);
// - bidi and other invisible format characters (IsFormatCharacter): they
//   reorder or hide the text around them on a screen.
// How depends on the output: tables show \xNN per byte and \uXXXX for format
// characters (a literal backslash doubled, so the escaped text is
// unambiguous); JSON uses its own \u00XX / \uXXXX escapes for controls and
// format characters and the text \xNN for invalid bytes; Prometheus label
// values carry the table's text with the backslash escaped. Every output
// stays valid UTF-8 and no terminal escape sequence reaches a screen.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sockscope::base {

// Length (1..4) of the valid UTF-8 sequence at text[at], with its code point
// in cp, or 0 when the bytes there are not valid UTF-8.
size_t DecodeUtf8(std::string_view text, size_t at, uint32_t& cp);

// Bidi controls (U+061C, U+200E/U+200F, U+202A..U+202E, U+2066..U+2069) and
// other invisible format characters (U+00AD, U+200B..U+200D, U+2028/U+2029,
// U+2060..U+2064, U+FEFF, U+FFF9..U+FFFB).
bool IsFormatCharacter(uint32_t cp);

// Length of the valid, printable UTF-8 sequence at text[at], or 0 when the
// bytes there are invalid, a control (C0, DEL, C1) or a format character.
size_t PrintableUtf8Length(std::string_view text, size_t at);

// For tables and terminals: printable text as is, a backslash as "\\", spaces
// kept, format characters as \uXXXX, everything else as \xNN.
std::string EscapeForTerminal(std::string_view text);
void AppendEscapedForTerminal(std::string& out, std::string_view text);

// A process name inside ss's users:(("comm",pid=N,fd=M)): as
// AppendEscapedForTerminal, and the delimiters " ( ) , as \x22 \x28 \x29 \x2c,
// so a process named `",pid=1,fd=3))` cannot forge an owner.
void AppendEscapedOwnerName(std::string& out, std::string_view text);

// For human messages (errors, notes) that mix our words with untrusted text:
// as AppendEscapedForTerminal, except that a backslash is kept as is, so text
// escaped earlier is not escaped twice. A newline is escaped too: one
// message, one line.
void AppendEscapedForMessage(std::string& out, std::string_view text);
std::string EscapeForMessage(std::string_view text);

// The inside of a JSON string (no quotes added): " and \ escaped, every
// control (C0, DEL, C1) and format character as \u00XX / \uXXXX, invalid
// UTF-8 bytes as the text \xNN (written \\xNN).
void AppendJsonStringBody(std::string& out, std::string_view text);
// A complete JSON string literal with quotes.
std::string JsonQuote(std::string_view text);

// A Prometheus label value body (text format 0.0.4): \, " and newline escaped
// as the format requires; other controls and invalid UTF-8 bytes as the text
// \xNN, format characters as the text \uXXXX (their backslash escaped).
void AppendPrometheusLabelValue(std::string& out, std::string_view text);

}  // namespace sockscope::base
