// TerminalSession: the one place where `sockscope top` talks to curses. It
// puts the terminal in full-screen mode (cbreak, no echo, keypad, hidden
// cursor) and the destructor restores it (endwin), whichever way the loop
// ends: quit key, signal flag, error or exception. It draws lines that
// RenderFrame made and reads keys, translated to the codes of top_state.h.
//
// Not thread-safe: curses is not. Create, use and destroy it on one thread,
// at most one at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace sockscope::tui {

class TerminalSession {
 public:
  // Fails (kUnsupported) when the terminal cannot be used: no terminfo entry
  // for $TERM, or stdin/stdout not a terminal.
  static base::Result<std::unique_ptr<TerminalSession>> Open();
  ~TerminalSession();
  TerminalSession(const TerminalSession&) = delete;
  TerminalSession& operator=(const TerminalSession&) = delete;

  // Whether the curses library in use draws UTF-8 text (a wide-character
  // build); a narrow build shows each byte of a multi-byte character on its
  // own, so frames must then be ASCII.
  static bool DrawsUtf8();

  // Waits up to timeout_ms for a key; -1 when none came (or a signal).
  int ReadKey(int timeout_ms);
  void Draw(const std::vector<std::string>& lines);
  // Makes the next Draw repaint every cell (after a resize).
  void Invalidate();
  int width() const;
  int height() const;

 private:
  struct Screen;  // the curses SCREEN, kept out of this header
  explicit TerminalSession(std::unique_ptr<Screen> screen);
  std::unique_ptr<Screen> screen_;
};

}  // namespace sockscope::tui
