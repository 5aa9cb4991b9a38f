// RenderFrame: one screen of `sockscope top` as plain text lines, a pure
// function of the model and the screen size. The curses session draws these
// lines as they are; without a terminal they are printed once. No curses
// here, so every screen can be tested on a hand-built model.
//
// Guarantees: exactly `height` lines (the last one is the bottom bar), none
// wider than `width` columns, no control characters, and only ASCII unless
// model.unicode. Thread-safe (reads its inputs only).
#pragma once

#include <string>
#include <vector>

#include "tui/top_model.h"

namespace sockscope::tui {

std::vector<std::string> RenderFrame(const TopModel& model, int width, int height);

// A height at which RenderFrame shows every listener and every finding: for
// printing one frame when stdout is not a terminal.
int FullFrameHeight(const TopModel& model);

}  // namespace sockscope::tui
