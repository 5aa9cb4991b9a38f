#include "tui/terminal_session.h"

#include <curses.h>
#include <unistd.h>

#include <cstdio>

#include "tui/top_state.h"

namespace sockscope::tui {

struct TerminalSession::Screen {
  SCREEN* screen = nullptr;
  int old_cursor = ERR;  // curs_set's previous visibility, restored at the end
};

base::Result<std::unique_ptr<TerminalSession>> TerminalSession::Open() {
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
    return base::MakeError(base::ErrorKind::kUnsupported,
                           "top: stdin and stdout must be a terminal");
  // newterm, not initscr: initscr prints and exits when $TERM is unknown, and
  // library code must not end the process.
  SCREEN* screen = newterm(nullptr, stdout, stdin);
  if (!screen)
    return base::MakeError(base::ErrorKind::kUnsupported,
                           "top: cannot use this terminal (is $TERM set to a known type?)");
  set_term(screen);
  auto s = std::make_unique<Screen>();
  s->screen = screen;
  cbreak();
  noecho();
  keypad(stdscr, TRUE);
  // Esc closes the editor and help: don't wait a second for an escape
  // sequence that is not coming.
  set_escdelay(25);
  s->old_cursor = curs_set(0);
  return std::unique_ptr<TerminalSession>(new TerminalSession(std::move(s)));
}

TerminalSession::TerminalSession(std::unique_ptr<Screen> screen) : screen_(std::move(screen)) {}

TerminalSession::~TerminalSession() {
  if (screen_->old_cursor != ERR) curs_set(screen_->old_cursor);
  endwin();  // back to the shell's modes and screen
  delscreen(screen_->screen);
}

bool TerminalSession::DrawsUtf8() {
#ifdef SOCKSCOPE_CURSES_WIDE
  return true;
#else
  return false;
#endif
}

int TerminalSession::ReadKey(int timeout_ms) {
  timeout(timeout_ms);
  int ch = getch();
  switch (ch) {
    case ERR:
      return -1;
    case KEY_RESIZE:
      return kKeyResize;
    case KEY_BACKSPACE:
    case 127:
    case 8:
      return kKeyBackspace;
    case KEY_ENTER:
    case '\r':
    case '\n':
      return kKeyEnter;
    default:
      return ch >= KEY_MIN ? kKeyOther : ch;
  }
}

void TerminalSession::Draw(const std::vector<std::string>& lines) {
  erase();
  int rows = height();
  for (int y = 0; y < rows && static_cast<size_t>(y) < lines.size(); ++y) {
    const std::string& line = lines[static_cast<size_t>(y)];
    // Return values ignored: writing the bottom-right cell reports ERR
    // although it is drawn.
    if (y == 0) {
      // The title bar in reverse video across the whole width.
      attron(A_REVERSE);
      mvhline(0, 0, ' ', width());
    }
    mvaddnstr(y, 0, line.c_str(), static_cast<int>(line.size()));
    if (y == 0) attroff(A_REVERSE);
  }
  refresh();
}

void TerminalSession::Invalidate() { clearok(stdscr, TRUE); }

int TerminalSession::width() const { return getmaxx(stdscr); }
int TerminalSession::height() const { return getmaxy(stdscr); }

}  // namespace sockscope::tui
