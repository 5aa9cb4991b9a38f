#include "measure.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "status.h"

namespace sockscope::bench {
namespace {

double Milliseconds(const timeval& tv) { return tv.tv_sec * 1e3 + tv.tv_usec / 1e3; }

}  // namespace

int RunMeasure(int argc, char** argv, int first) {
  if (argc - first < 3 || std::strcmp(argv[first + 1], "--") != 0) {
    std::fputs("usage: population measure TIMEOUT_SECONDS -- COMMAND [ARGS...]\n", stderr);
    return 64;
  }
  const double timeout_s = std::atof(argv[first]);
  if (timeout_s <= 0) {
    std::fputs("population measure: TIMEOUT_SECONDS must be positive\n", stderr);
    return 64;
  }
  char** command = argv + first + 2;

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("population measure: fork");
    return 1;
  }
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null < 0 || ::dup2(null, STDOUT_FILENO) < 0) ::_exit(127);
    ::execvp(command[0], command);
    std::fprintf(stderr, "population measure: %s: %s\n", command[0], std::strerror(errno));
    ::_exit(127);
  }
  // A pidfd lets us wait for exit and for the deadline in one poll.
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  bool timed_out = false;
  if (pidfd.valid()) {
    pollfd pfd{.fd = pidfd.get(), .events = POLLIN, .revents = 0};
    int ready;
    do {
      ready = ::poll(&pfd, 1, static_cast<int>(timeout_s * 1000));
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) {
      ::kill(pid, SIGKILL);
      timed_out = true;
    }
  }
  int wstatus = 0;
  rusage usage{};
  while (::wait4(pid, &wstatus, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::perror("population measure: wait4");
      return 1;
    }
  }
  const std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - start;
  std::string status;
  if (timed_out) {
    status = "timeout";
  } else if (WIFEXITED(wstatus)) {
    status = std::to_string(WEXITSTATUS(wstatus));
  } else {
    status = std::to_string(128 + WTERMSIG(wstatus));
  }
  std::printf("%.3f %.3f %ld %s\n", wall.count(),
              Milliseconds(usage.ru_utime) + Milliseconds(usage.ru_stime), usage.ru_maxrss,
              status.c_str());
  return 0;
}

}  // namespace sockscope::bench
