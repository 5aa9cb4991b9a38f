// ScopedStopSignals: while alive, SIGINT and SIGTERM only set a flag, which
// the top loop checks, so the terminal session can restore the terminal
// before the process exits. The previous handlers come back on destruction.
// One instance at a time; create and destroy it on the UI thread.
#pragma once

#include <csignal>

namespace sockscope::tui {

class ScopedStopSignals {
 public:
  ScopedStopSignals();
  ~ScopedStopSignals();
  ScopedStopSignals(const ScopedStopSignals&) = delete;
  ScopedStopSignals& operator=(const ScopedStopSignals&) = delete;

  // The signal received (SIGINT or SIGTERM), or 0. Async-signal-safe to set,
  // safe to read from any thread.
  int received() const;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace sockscope::tui
