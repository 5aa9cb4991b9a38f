#include "render/timer_text.h"

#include <fmt/format.h>

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

}  // namespace sockscope::render
