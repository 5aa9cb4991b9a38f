// Row orders of `sockscope top` (the `s` key). Pure, thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "tui/top_model.h"

namespace sockscope::tui {

// "queue fill", "SYN-RECV", "drops", "port".
std::string_view SortModeName(SortMode mode);
// The mode after `mode`, wrapping to the first.
SortMode NextSortMode(SortMode mode);

// Orders `rows` for display, worst first (port: lowest first). Ties fall back
// to queue fill, then port and address, so the order is stable between frames.
void SortRows(std::vector<const ListenerRow*>& rows, SortMode mode);

}  // namespace sockscope::tui
