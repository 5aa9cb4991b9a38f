// Text pieces of the top frame: cells fitted to a width, the fill bar and the
// sparkline. Widths count UTF-8 code points (render::DisplayWidth): every
// character the frame uses is one column wide. Inputs must already be escaped
// (base::EscapeForTerminal). Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::tui {

enum class CellAlign { kLeft, kRight };

// Pads `text` to exactly `width` columns, or cuts it and marks the cut with
// '~' in the last column.
std::string FitCell(std::string_view text, size_t width, CellAlign align = CellAlign::kLeft);

// Cuts `line` to at most `width` columns (no padding, no mark).
std::string ClipLine(std::string_view line, size_t width);

// Every non-ASCII code point replaced by '?': for screens that cannot draw
// UTF-8 (a non-UTF-8 locale, a curses library without wide characters).
std::string AsciiOnly(std::string_view text);

// `width` columns: the part of [0,1] filled, '#' on '.' (or Unicode blocks).
// A fill above 1 (the kernel's "full": len > max) draws a full bar.
std::string FillBar(double fill, size_t width, bool unicode);

// The last `width` values, newest on the right, one of eight levels each, on
// a scale where `scale` (at least 1) is the top level. Columns without a
// sample yet are blank. ASCII levels: _.-:=+*#; Unicode: ▁▂▃▄▅▆▇█.
std::string Sparkline(const std::vector<uint32_t>& values, size_t width, uint32_t scale,
                      bool unicode);

// The level (0..7) of `value` on `scale`: 0 only for 0, 7 at or above scale.
int SparkLevel(uint32_t value, uint32_t scale);

}  // namespace sockscope::tui
