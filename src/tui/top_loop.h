// RunTopLoop: the interactive `sockscope top`. The worker (Sampler) collects,
// this thread reads keys, folds samples into TopState and redraws through
// the TerminalSession, so the screen stays live while a collection is slow.
#pragma once

#include "base/result.h"
#include "tui/sample.h"
#include "tui/top_state.h"

namespace sockscope::tui {

// Runs until `q` (returns 0) or SIGINT/SIGTERM (returns 128 + the signal).
// The terminal is restored before it returns, also on errors. Fails when the
// terminal cannot be used, or with the message of an unexpected exception.
// settings.unicode is honoured only when the curses library draws UTF-8.
// Call from the main thread; `collect` runs on the worker thread.
base::Result<int> RunTopLoop(TopSettings settings, CollectFn collect);

}  // namespace sockscope::tui
