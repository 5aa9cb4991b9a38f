// The sections of a top frame, each built by its own file and put together by
// RenderFrame (render_frame.cpp). Internal to tui/. Every function is pure and
// returns lines that may be wider than `width`; RenderFrame clips them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tui/top_model.h"

namespace sockscope::tui {

// Untrusted text made safe for the frame: escaped (\xNN for controls and
// invalid UTF-8), and ASCII only when the screen cannot draw UTF-8.
std::string SafeText(std::string_view raw, bool unicode);
// The same for text escaped once already (notes, filter errors): controls,
// invalid UTF-8 and format characters escaped, backslashes kept as they are
// (base::EscapeForMessage), so "\x1b" does not become "\\x1b".
std::string SafeMessage(std::string_view text, bool unicode);

// Title (interval, data age, sort, filter, paused), TCP state counts, counter
// rates: always three lines.
std::vector<std::string> HeaderLines(const TopModel& model);

// Column titles, then listener rows in the model's sort order, at most
// `max_lines` lines in all (the last says how many rows did not fit).
std::vector<std::string> TableLines(const TopModel& model, size_t width, size_t max_lines);
// Lines the table needs to show every row.
size_t TableLinesNeeded(const TopModel& model);

// "FINDINGS (n)" and one line per finding, worst first, at most `max_lines`.
std::vector<std::string> FindingLines(const TopModel& model, size_t max_lines);
size_t FindingLinesNeeded(const TopModel& model);

// The bottom of the screen: a collection note, the filter error, the line
// editor or the key hints. The last line belongs on the last screen row.
std::vector<std::string> BottomLines(const TopModel& model);

// The `?` overlay: keys and columns explained.
std::vector<std::string> HelpLines();

}  // namespace sockscope::tui
