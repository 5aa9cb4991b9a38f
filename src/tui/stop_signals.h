// ScopedStopSignals: while alive, every signal that ends `top` from a
// terminal or a supervisor (SIGINT from Ctrl-C, SIGQUIT from Ctrl-\, SIGTERM,
// SIGHUP when the terminal or ssh session goes away) only sets a flag, which
// the top loop checks, so the terminal session can restore the terminal
// before the process exits. The previous handlers come back on destruction.
// Install it before the curses session: curses then leaves these signals to
// us. One instance at a time; create and destroy it on the UI thread.
#pragma once

#include <array>
#include <csignal>

namespace sockscope::tui {

class ScopedStopSignals {
 public:
  // The signals handled, in the order they are installed.
  static constexpr std::array<int, 4> kSignals{SIGINT, SIGQUIT, SIGTERM, SIGHUP};

  ScopedStopSignals();
  ~ScopedStopSignals();
  ScopedStopSignals(const ScopedStopSignals&) = delete;
  ScopedStopSignals& operator=(const ScopedStopSignals&) = delete;

  // The signal received (one of kSignals), or 0. Async-signal-safe to set,
  // safe to read from any thread.
  int received() const;

 private:
  std::array<struct sigaction, kSignals.size()> old_{};
};

}  // namespace sockscope::tui
