// Escaping of untrusted bytes (process names, UNIX socket paths, anything a
// user or the kernel hands us) for each output. Pure functions, thread-safe.
//
// Invalid UTF-8 bytes and control characters never reach any output as they
// are: tables show them as \xNN, JSON and Prometheus strings carry the same
// \xNN text (with the backslash escaped), so every output stays valid UTF-8 and
// no terminal escape sequence can reach a screen.
#pragma once

#include <string>
#include <string_view>

namespace sockscope::base {

// Length of the valid, non-control UTF-8 sequence at text[at], or 0 when the
// byte there starts an invalid or control sequence (C0, DEL, C1 controls).
size_t PrintableUtf8Length(std::string_view text, size_t at);

// For tables and terminals: printable text as is, a backslash as "\\", spaces
// kept, everything else as \xNN.
std::string EscapeForTerminal(std::string_view text);
void AppendEscapedForTerminal(std::string& out, std::string_view text);

// The inside of a JSON string (no quotes added): ", \ and controls escaped as
// JSON requires, invalid UTF-8 bytes as the six characters \\xNN.
void AppendJsonStringBody(std::string& out, std::string_view text);
// A complete JSON string literal with quotes.
std::string JsonQuote(std::string_view text);

// A Prometheus label value body (text format 0.0.4): \, " and newline escaped,
// other controls and invalid UTF-8 bytes as \\xNN.
void AppendPrometheusLabelValue(std::string& out, std::string_view text);

}  // namespace sockscope::base
