// logfmt lines for the exporter's log (docs/serve.md "Logs"):
//   ts=2026-12-03T07:04:51.123Z level=warn msg="collector failed" collector=owners ...
// one event per line, key=value pairs, a value quoted (JSON string rules)
// when it is empty or holds a space, '=', '"', '\' or a byte that is not
// printable; so untrusted text (process names, kernel errors) can neither
// break the line nor forge a field. Pure; thread-safe.
#pragma once

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace sockscope::base {

using LogField = std::pair<std::string_view, std::string_view>;

// One line, newline included. `when` is printed in UTC with milliseconds.
std::string LogfmtLine(std::chrono::system_clock::time_point when, std::string_view level,
                       std::string_view msg, std::initializer_list<LogField> fields = {});

// A value as logfmt writes it: bare when safe, else quoted and escaped.
void AppendLogfmtValue(std::string& out, std::string_view value);

}  // namespace sockscope::base
