// Support for the `sockscope serve` kernel tests: a program running in the
// background for the length of a test (the exporter, a Prometheus server),
// killed and reaped on destruction. Not thread-safe; main test thread only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace sockscope::testing {

class BackgroundProcess {
 public:
  // Forks and execs argv (argv[0] looked up in PATH); stdout and stderr go to
  // log_path. Check running() afterwards.
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& log_path);
  ~BackgroundProcess();  // SIGTERM to its process group, a bounded wait, then SIGKILL
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool running();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// Whether an executable named `name` is on PATH.
bool OnPath(const std::string& name);

// Contents of a file ("" when unreadable), for failure messages.
std::string ReadWholeFile(const std::string& path);

}  // namespace sockscope::testing
