// Parsing and printing of durations as users write them: "250ms", "2s", "1m",
// "1.5s". Pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sockscope::base {

// Accepts a positive number followed by one of ns, us, ms, s, m, h (a bare
// number means seconds). Returns kUsage on anything else.
Result<std::chrono::nanoseconds> ParseDuration(std::string_view text);

// "250ms", "2s", "1.5s": the shortest exact-enough form.
std::string FormatDuration(std::chrono::nanoseconds d);

}  // namespace sockscope::base
