#include "base/logfmt.h"

#include <fmt/format.h>

#include <ctime>

#include "base/escape.h"

namespace sockscope::base {
namespace {

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (unsigned char c : value)
    if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c >= 0x7f) return true;
  return false;
}

}  // namespace

void AppendLogfmtValue(std::string& out, std::string_view value) {
  if (!NeedsQuotes(value)) {
    out += value;
    return;
  }
  out += JsonQuote(value);
}

std::string LogfmtLine(std::chrono::system_clock::time_point when, std::string_view level,
                       std::string_view msg, std::initializer_list<LogField> fields) {
  const auto ms = std::chrono::time_point_cast<std::chrono::milliseconds>(when);
  const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(ms);
  const std::time_t t = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  std::string out = fmt::format(
      "ts={:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z level=", utc.tm_year + 1900, utc.tm_mon + 1,
      utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, (ms - seconds).count());
  AppendLogfmtValue(out, level);
  out += " msg=";
  AppendLogfmtValue(out, msg);
  for (const auto& [key, value] : fields) {
    out += ' ';
    out += key;
    out += '=';
    AppendLogfmtValue(out, value);
  }
  out += '\n';
  return out;
}

}  // namespace sockscope::base
