// Numbers as glibc's printf writes them for ss ("%.0f", "%.3g"), without
// its cost where the answer needs no multi-precision arithmetic: ss -i
// prints up to five rates a socket, and formatting them through the
// general path (fmt's Dragon4 fallback) was 16 % of `ls -tani` at
// 100k sockets. Values whose rounding is too close to call go to printf's
// own algorithm. Pure functions; thread-safe.
#pragma once

#include <string>

namespace sockscope::render {

// printf("%.0f", v): the nearest whole number, a tie to the even one.
void AppendFixed0(std::string& out, double v);

// printf("%.3g", v): three significant digits, trailing zeros dropped.
void AppendG3(std::string& out, double v);

}  // namespace sockscope::render
