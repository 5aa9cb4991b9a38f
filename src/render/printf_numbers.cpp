#include "render/printf_numbers.h"

#include <fmt/format.h>
#include <fmt/printf.h>

#include <cmath>
#include <cstdint>

namespace sockscope::render {

void AppendFixed0(std::string& out, double v) {
  // Below 2^53 every whole number is a double and v - floor(v) is exact
  // (Sterbenz), so the rounding is decided exactly, as printf decides it.
  if (v >= 0.0 && v < 9007199254740992.0) {
    const double whole = std::floor(v);
    const double fraction = v - whole;
    auto n = static_cast<uint64_t>(whole);
    if (fraction > 0.5 || (fraction == 0.5 && (n & 1) != 0)) ++n;
    const fmt::format_int text(n);
    out.append(text.data(), text.size());
    return;
  }
  out += fmt::sprintf("%.0f", v);
}

void AppendG3(std::string& out, double v) {
  if (!(v >= 1.0 && v < 1000.0)) {  // NaN, sub-unit or four-digit values: printf's path
    out += fmt::sprintf("%.3g", v);
    return;
  }
  // The three digits as a whole number in [100, 1000): v scaled by a power
  // of ten, one rounding of error (under 2e-13 here). A fraction within
  // 1e-6 of one half could round either way in exact arithmetic: printf
  // decides those.
  int point = v < 10.0 ? 1 : v < 100.0 ? 2 : 3;  // digits before the decimal point
  const double scaled = point == 1 ? v * 100.0 : point == 2 ? v * 10.0 : v;
  const double whole = std::floor(scaled);
  const double fraction = scaled - whole;
  if (std::fabs(fraction - 0.5) < 1e-6) {
    out += fmt::sprintf("%.3g", v);
    return;
  }
  auto digits = static_cast<uint32_t>(whole) + (fraction > 0.5 ? 1 : 0);
  if (digits == 1000) {  // rounded up into the next decade
    if (point == 3) {    // "1e+03": printf's notation
      out += fmt::sprintf("%.3g", v);
      return;
    }
    digits = 100;
    ++point;
  }
  char text[3] = {static_cast<char>('0' + digits / 100), static_cast<char>('0' + digits / 10 % 10),
                  static_cast<char>('0' + digits % 10)};
  int last = 2;  // %g drops the fraction's trailing zeros, then a bare point
  while (last >= point && text[last] == '0') --last;
  out.append(text, static_cast<size_t>(point));
  if (last >= point) {
    out += '.';
    out.append(text + point, static_cast<size_t>(last - point) + 1);
  }
}

}  // namespace sockscope::render
