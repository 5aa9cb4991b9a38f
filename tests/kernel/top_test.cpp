// `sockscope top` end to end, in a private network namespace: the live view
// runs inside a tmux pane (a real terminal) whose server is started from the
// test's namespace, so sockscope sees exactly the test's sockets. The screen
// is read back with `tmux capture-pane`. Also: quitting with `q` or Ctrl-C
// restores the terminal, and with stdout to a pipe one frame is printed.
// Root only (namespace); skipped with the reason otherwise, or without tmux.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "command_support.h"
#include "netns_support.h"
#include "socket_support.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// A tmux server of our own (private socket, no config), killed on
// destruction. The server is forked by the first command, so it lives in the
// network namespace of the thread that built this object.
class TmuxServer {
 public:
  TmuxServer() {
    static std::atomic<int> counter{0};
    socket_ = "sockscope-top-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  }
  ~TmuxServer() { Run({"kill-server"}); }
  TmuxServer(const TmuxServer&) = delete;
  TmuxServer& operator=(const TmuxServer&) = delete;

  CommandResult Run(std::vector<std::string> args) const {
    std::vector<std::string> argv = {"tmux", "-L", socket_, "-f", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, 5000ms);
  }
  // A detached 100x30 session running `shell_command` under /bin/sh.
  CommandResult Start(const std::string& shell_command) const {
    return Run({"new-session", "-d", "-s", "top", "-x", "100", "-y", "30", shell_command});
  }
  std::string Screen() const { return Run({"capture-pane", "-p", "-t", "top"}).out; }
  void Keys(const std::string& keys) const { Run({"send-keys", "-t", "top", keys}); }

  // Polls the screen until `done` holds (at most `timeout`); the last screen.
  std::string WaitForScreen(const std::function<bool(const std::string&)>& done,
                            Millis timeout = Millis(10000)) const {
    std::string screen;
    WaitUntil(
        [&] {
          screen = Screen();
          return done(screen);
        },
        timeout);
    return screen;
  }

 private:
  std::string socket_;
};

class Top : public NetnsTest {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "top kernel tests need root (a private network namespace)";
    if (RunCommand({"tmux", "-V"}).exit_code != 0)
      GTEST_SKIP() << "top kernel tests need tmux on PATH";
    NetnsTest::SetUp();
  }
};

struct StuckListener {
  UniqueFd listener;
  std::vector<UniqueFd> clients;
  uint16_t port = 0;
};

// Backlog 4, never accepts, 10 clients: 5 in the accept queue (the kernel
// lets it reach max + 1), the rest retrying their handshakes.
StuckListener MakeStuckListener() {
  StuckListener s;
  s.listener = TcpListen("127.0.0.1", 0, /*backlog=*/4);
  s.port = LocalPort(s.listener);
  for (int i = 0; i < 10; ++i) s.clients.push_back(TcpConnectStart("127.0.0.1", s.port));
  return s;
}

// The screen line of the listener's row, or "".
std::string RowOf(const std::string& screen, uint16_t port) {
  std::istringstream in(screen);
  std::string line;
  std::string name = "127.0.0.1:" + std::to_string(port) + " ";
  while (std::getline(in, line))
    if (line.rfind(name, 0) == 0) return line;
  return "";
}

TEST_F(Top, ShowsAStuckListenerItsQueueAndTheFinding) {
  StuckListener stuck = MakeStuckListener();
  ASSERT_TRUE(WaitForAcceptQueue(stuck.listener, 5));
  TmuxServer tmux;
  ASSERT_EQ(tmux.Start(fmt::format("{} top --interval 200ms", SOCKSCOPE_BINARY)).exit_code, 0);
  std::string screen = tmux.WaitForScreen([&](const std::string& s) {
    return RowOf(s, stuck.port).find(" 5/4 ") != std::string::npos &&
           s.find("accept-queue-full") != std::string::npos;
  });
  std::string row = RowOf(screen, stuck.port);
  ASSERT_FALSE(row.empty()) << "no row for port " << stuck.port << " on screen:\n" << screen;
  EXPECT_NE(row.find(" 5/4 "), std::string::npos) << row;
  EXPECT_NE(screen.find("accept-queue-full"), std::string::npos) << screen;
  EXPECT_NE(screen.find("sockscope top - every 200ms"), std::string::npos) << screen;
  EXPECT_NE(screen.find("LISTEN 1"), std::string::npos) << screen;
  // The owner is this test process (it holds the listener).
  EXPECT_NE(row.find("[" + std::to_string(getpid()) + "]"), std::string::npos) << row;
}

// Runs top in the pane between two `stty -a`; the pane stays open afterwards
// so the files can be read. Returns the exit line once it is written. `keys`
// are typed into the pane; a nonzero `signal` is sent to top's pid instead.
struct QuitRun {
  std::string before, after, exit_line, screen;
  std::string alternate_on, cursor_visible;  // tmux's pane flags after top ended
};

QuitRun RunAndQuit(const std::string& keys, int signal = 0) {
  TempDir dir;
  TmuxServer tmux;
  // `trap true INT QUIT`: the pane's shell survives the Ctrl-C or Ctrl-\ meant
  // for top and goes on to record the exit code (children still get the
  // default action). The inner sh records its pid and becomes top (exec).
  std::string script = "trap true INT QUIT; stty -a > " + Quote(dir.File("before")) + "; " +
                       fmt::format("sh -c \"echo \\$\\$ > {}; exec {} top --interval 200ms\"; ",
                                   dir.File("pid"), SOCKSCOPE_BINARY) +
                       "echo EXIT=$? > " + Quote(dir.File("exit")) + "; stty -a > " +
                       Quote(dir.File("after")) + "; sleep 60";
  EXPECT_EQ(tmux.Start(script).exit_code, 0);
  QuitRun run;
  run.screen = tmux.WaitForScreen(
      [](const std::string& s) { return s.find("q quit") != std::string::npos; });
  if (signal != 0) {
    pid_t pid = static_cast<pid_t>(std::atol(ReadFile(dir.File("pid")).c_str()));
    EXPECT_GT(pid, 0);
    if (pid > 0) ::kill(pid, signal);
  } else {
    tmux.Keys(keys);
  }
  WaitUntil([&] { return !ReadFile(dir.File("after")).empty(); }, Millis(10000));
  run.before = ReadFile(dir.File("before"));
  run.after = ReadFile(dir.File("after"));
  run.exit_line = ReadFile(dir.File("exit"));
  run.alternate_on = tmux.Run({"display-message", "-p", "-t", "top", "#{alternate_on}"}).out;
  run.cursor_visible = tmux.Run({"display-message", "-p", "-t", "top", "#{cursor_flag}"}).out;
  return run;
}

void ExpectRestored(const QuitRun& run) {
  ASSERT_FALSE(run.before.empty());
  EXPECT_EQ(run.before, run.after);
  EXPECT_EQ(run.alternate_on, "0\n") << "the pane is still in the alternate screen";
  EXPECT_EQ(run.cursor_visible, "1\n") << "the cursor is still hidden";
}

TEST_F(Top, QuitKeyExitsZeroAndRestoresTheTerminal) {
  QuitRun run = RunAndQuit("q");
  ASSERT_NE(run.screen.find("q quit"), std::string::npos) << "top never drew:\n" << run.screen;
  EXPECT_EQ(run.exit_line, "EXIT=0\n");
  ExpectRestored(run);
}

TEST_F(Top, InterruptRestoresTheTerminal) {
  QuitRun run = RunAndQuit("C-c");
  EXPECT_EQ(run.exit_line, "EXIT=130\n");
  ExpectRestored(run);
}

// Issue 12: Ctrl-\\ (SIGQUIT) and SIGHUP left the alternate screen on with the
// cursor hidden.
TEST_F(Top, QuitSignalFromTheKeyboardRestoresTheTerminalIssue12) {
  QuitRun run = RunAndQuit("C-\\");
  EXPECT_EQ(run.exit_line, "EXIT=131\n");
  ExpectRestored(run);
}

TEST_F(Top, HangupRestoresTheTerminalIssue12) {
  QuitRun run = RunAndQuit("", SIGHUP);
  EXPECT_EQ(run.exit_line, "EXIT=129\n");
  ExpectRestored(run);
}

TEST_F(Top, TerminateRestoresTheTerminalIssue12) {
  QuitRun run = RunAndQuit("", SIGTERM);
  EXPECT_EQ(run.exit_line, "EXIT=143\n");
  ExpectRestored(run);
}

TEST_F(Top, WithoutATerminalPrintsOneFrame) {
  StuckListener stuck = MakeStuckListener();
  ASSERT_TRUE(WaitForAcceptQueue(stuck.listener, 5));
  CommandResult r = RunSockscope({"top", "--interval", "200ms"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("sockscope top"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ADDRESS:PORT"), std::string::npos) << r.out;
  EXPECT_NE(RowOf(r.out, stuck.port).find(" 5/4 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accept-queue-full"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "escape sequences in plain output";
  if (getenv("COLUMNS") == nullptr) {
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
      size_t columns = 0;
      for (unsigned char c : line) columns += (c & 0xc0) != 0x80;
      EXPECT_LE(columns, 100u) << line;
    }
  }
}

}  // namespace
}  // namespace sockscope::testing
