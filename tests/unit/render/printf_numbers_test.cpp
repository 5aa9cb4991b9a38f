// AppendFixed0 and AppendG3 write what glibc's printf writes for "%.0f"
// and "%.3g" (ss's format for rates), checked against snprintf itself on
// ties, decade boundaries and a million values of the ranges ss -i prints.
#include "render/printf_numbers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

namespace sockscope::render {
namespace {

// glibc's own answers, the reference ss prints with.
std::string PrintfFixed0(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f", v);
  return text;
}

std::string PrintfG3(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

std::string Fixed0(double v) {
  std::string out;
  AppendFixed0(out, v);
  return out;
}

std::string G3(double v) {
  std::string out;
  AppendG3(out, v);
  return out;
}

TEST(PrintfNumbers, TiesAndBoundariesAsPrintf) {
  for (double v : {0.0, 0.5, 1.5, 2.5, 3.5, 1e6 + 0.5, 1e6 + 1.5, 4503599627370495.5,
                   9007199254740991.0, 9007199254740992.0, 1e17, 123456789.49999999})
    EXPECT_EQ(Fixed0(v), PrintfFixed0(v)) << v;
  for (double v :
       {1.0,   1.5,   9.995, 9.996, 9.999, 10.0, 10.05,  99.95,  99.96,   100.0, 100.5, 101.5,
        999.4, 999.5, 999.6, 2.125, 1.005, 0.5,  1000.0, 5000.0, 123.456, 12.0,  1.2})
    EXPECT_EQ(G3(v), PrintfG3(v)) << v;
}

TEST(PrintfNumbers, AMillionRatesAsPrintf) {
  std::mt19937_64 random(20261207);
  std::uniform_real_distribution<double> exponent(0.0, 3.0);
  std::uniform_int_distribution<uint64_t> bytes_per_second(1, uint64_t{1} << 40);
  for (int i = 0; i < 1000000; ++i) {
    const double v = std::pow(10.0, exponent(random));  // [1, 1000): what AppendRate passes
    ASSERT_EQ(G3(v), PrintfG3(v)) << v;
    const double rate = static_cast<double>(bytes_per_second(random)) * 8.0 / 3.0;
    ASSERT_EQ(Fixed0(rate), PrintfFixed0(rate)) << rate;
    ASSERT_EQ(Fixed0(v), PrintfFixed0(v)) << v;
  }
}

}  // namespace
}  // namespace sockscope::render
