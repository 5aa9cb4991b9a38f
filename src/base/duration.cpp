#include "base/duration.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace sockscope::base {

Result<std::chrono::nanoseconds> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return MakeError(ErrorKind::kUsage,
                     fmt::format("invalid duration '{}' (expected e.g. 250ms, 2s, 1m)", text));
  };
  size_t unit_at = 0;
  while (unit_at < text.size() &&
         ((text[unit_at] >= '0' && text[unit_at] <= '9') || text[unit_at] == '.'))
    ++unit_at;
  if (unit_at == 0 || unit_at > 32) return bad();
  std::string number(text.substr(0, unit_at));
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value) || value <= 0) return bad();
  std::string_view unit = text.substr(unit_at);
  double scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1e9;
  else if (unit == "ms")
    scale = 1e6;
  else if (unit == "us")
    scale = 1e3;
  else if (unit == "ns")
    scale = 1;
  else if (unit == "m")
    scale = 60e9;
  else if (unit == "h")
    scale = 3600e9;
  else
    return bad();
  double ns = value * scale;
  if (ns < 1 || ns > 1e18) return bad();
  return std::chrono::nanoseconds(static_cast<int64_t>(ns));
}

std::string FormatDuration(std::chrono::nanoseconds d) {
  auto ns = d.count();
  if (ns % 1'000'000'000 == 0) return fmt::format("{}s", ns / 1'000'000'000);
  if (ns % 1'000'000 == 0) return fmt::format("{}ms", ns / 1'000'000);
  if (ns % 1'000 == 0) return fmt::format("{}us", ns / 1'000);
  return fmt::format("{}ns", ns);
}

}  // namespace sockscope::base
