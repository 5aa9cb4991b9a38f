// ls -o timers in ss's format (misc/ss.c print_ms_timer).
#include "render/timer_text.h"

#include <gtest/gtest.h>

namespace sockscope::render {
namespace {

std::string Time(uint32_t ms) {
  std::string out;
  AppendTimerTime(out, ms);
  return out;
}

TEST(TimerText, TimeLeftAsSsPrintsIt) {
  EXPECT_EQ(Time(0), "");
  EXPECT_EQ(Time(200), "200ms");
  EXPECT_EQ(Time(1500), "1.500sec");
  EXPECT_EQ(Time(9001), "9.001sec");
  EXPECT_EQ(Time(12345), "12sec");
  EXPECT_EQ(Time(60000), "1min");
  EXPECT_EQ(Time(119999), "1min59sec");
  EXPECT_EQ(Time(600000 + 59000), "10min");
}

TEST(TimerText, WholeFieldAndNames) {
  model::Socket s;
  std::string out;
  AppendTimer(out, s);
  EXPECT_EQ(out, "");  // no pending timer: nothing, as ss
  s.timer = 2;
  s.timer_expires_ms = 59000;
  s.timer_retrans = 0;
  AppendTimer(out, s);
  EXPECT_EQ(out, "timer:(keepalive,59sec,0)");
  EXPECT_EQ(TimerName(1), "on");
  EXPECT_EQ(TimerName(4), "persist");
  EXPECT_EQ(TimerName(9), "unknown");
}

}  // namespace
}  // namespace sockscope::render
