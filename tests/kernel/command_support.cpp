#include "command_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace sockscope::testing {
namespace {

using base::UniqueFd;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Pipe MakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) Fail("pipe2");
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// Child side of RunCommand: only async-signal-safe calls until exec.
[[noreturn]] void ExecChild(const std::vector<char*>& argv, int out, int err) {
  int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null < 0 || ::dup2(null, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) _exit(126);
  ::execvp(argv[0], argv.data());
  const char msg[] = "exec failed\n";
  [[maybe_unused]] ssize_t ignored = ::write(2, msg, sizeof(msg) - 1);
  _exit(127);
}

// Reads what is available from fd into buffer; false at end of file.
bool Drain(int fd, std::string& buffer) {
  char chunk[16384];
  ssize_t n = ::read(fd, chunk, sizeof(chunk));
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) return false;
  size_t room = kMaxCommandOutput - std::min(kMaxCommandOutput, buffer.size());
  buffer.append(chunk, std::min(room, static_cast<size_t>(n)));
  return true;
}

}  // namespace

std::string CommandResult::Describe() const {
  return "exit " + std::to_string(exit_code) + (timed_out ? " (timed out)" : "") + "\nstdout:\n" +
         out + "\nstderr:\n" + err;
}

CommandResult RunCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Pipe out = MakePipe();
  Pipe err = MakePipe();
  pid_t pid = ::fork();
  if (pid < 0) Fail("fork");
  if (pid == 0) ExecChild(args, out.write.get(), err.write.get());
  out.write.Reset();
  err.write.Reset();

  CommandResult result;
  const auto deadline = Clock::now() + timeout;
  bool out_open = true;
  bool err_open = true;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd fds[2] = {{out_open ? out.read.get() : -1, POLLIN, 0},
                     {err_open ? err.read.get() : -1, POLLIN, 0}};
    if (::poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) Fail("poll");
    if (fds[0].revents != 0) out_open = Drain(out.read.get(), result.out);
    if (fds[1].revents != 0) err_open = Drain(err.read.get(), result.err);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Fail("waitpid");
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CommandResult RunSockscope(const std::vector<std::string>& args) {
  std::vector<std::string> argv{SOCKSCOPE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

CommandResult RunSs(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ss"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

ChildHolder::ChildHolder(std::vector<UniqueFd> fds, const std::string& comm) {
  Pipe ready = MakePipe();
  Pipe quit = MakePipe();
  std::vector<int> keep{ready.write.get(), quit.read.get()};
  for (const UniqueFd& fd : fds) keep.push_back(fd.get());
  std::sort(keep.begin(), keep.end());
  pid_ = ::fork();
  if (pid_ < 0) Fail("fork");
  if (pid_ == 0) {
    ::prctl(PR_SET_NAME, comm.c_str());
    // Close every inherited fd but ours, so the child is seen holding exactly
    // the sockets it was given (and not, say, the test's listener).
    unsigned int next = 3;
    for (int fd : keep) {
      if (static_cast<unsigned int>(fd) > next) ::close_range(next, fd - 1, 0);
      next = static_cast<unsigned int>(fd) + 1;
    }
    ::close_range(next, ~0U, 0);
    [[maybe_unused]] ssize_t ignored = ::write(ready.write.get(), "r", 1);
    char byte;
    while (::read(quit.read.get(), &byte, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
  }
  fds.clear();
  ready.write.Reset();
  quit.read.Reset();
  quit_ = std::move(quit.write);
  pollfd p{ready.read.get(), POLLIN, 0};
  char byte;
  if (::poll(&p, 1, 2000) != 1 || ::read(ready.read.get(), &byte, 1) != 1) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    errno = ETIMEDOUT;
    Fail("child holder did not start");
  }
}

ChildHolder::~ChildHolder() {
  quit_.Reset();
  int status = 0;
  while (pid_ > 0 && ::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace sockscope::testing
