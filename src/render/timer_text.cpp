#include "render/timer_text.h"

#include <fmt/format.h>
#include <fmt/printf.h>

#include <iterator>

namespace sockscope::render {

std::string_view TimerName(uint8_t timer) {
  static constexpr std::string_view kNames[] = {"off",      "on",      "keepalive",
                                                "timewait", "persist", "delack"};
  return timer < std::size(kNames) ? kNames[timer] : "unknown";
}

void AppendTimerTime(std::string& out, uint32_t ms) {
  // The same rounding as ss: minutes drop the milliseconds, ten minutes or
  // more drop the seconds, ten seconds or more drop the milliseconds.
  uint32_t secs = ms / 1000;
  const uint32_t minutes = secs / 60;
  secs %= 60;
  uint32_t msecs = ms % 1000;
  auto it = std::back_inserter(out);
  if (minutes) {
    msecs = 0;
    fmt::format_to(it, "{}min", minutes);
    if (minutes > 9) secs = 0;
  }
  if (secs) {
    if (secs > 9) msecs = 0;
    fmt::format_to(it, "{}{}", secs, msecs ? "." : "sec");
  }
  if (msecs) fmt::format_to(it, "{:03}{}", msecs, secs ? "sec" : "ms");
}

void AppendTimer(std::string& out, const model::Socket& s) {
  if (s.timer == 0) return;
  out += "timer:(";
  out += TimerName(s.timer);
  out += ',';
  AppendTimerTime(out, s.timer_expires_ms);
  fmt::format_to(std::back_inserter(out), ",{})", s.timer_retrans);
}

void AppendMillisecondsG(std::string& out, uint64_t us) {
  const uint64_t whole = us / 1000;
  uint32_t fraction = static_cast<uint32_t>(us % 1000);  // thousandths
  int fraction_digits = 3;
  while (fraction != 0 && fraction % 10 == 0) {
    fraction /= 10;
    --fraction_digits;
  }
  if (fraction == 0) fraction_digits = 0;
  int whole_digits = 0;
  for (uint64_t w = whole; w != 0; w /= 10) ++whole_digits;
  // Exact in at most six significant digits and under 1e6: what %g prints
  // is the decimal itself. Anything else is printf's to round.
  if (whole >= 1000000 || (whole != 0 && whole_digits + fraction_digits > 6)) {
    out += fmt::sprintf("%g", static_cast<double>(us) / 1000.0);
    return;
  }
  fmt::format_int w(whole);
  out.append(w.data(), w.size());
  if (fraction_digits == 0) return;
  char digits[3];
  for (int i = fraction_digits - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  out += '.';
  out.append(digits, static_cast<size_t>(fraction_digits));
}

}  // namespace sockscope::render
