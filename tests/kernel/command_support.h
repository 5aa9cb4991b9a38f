// Running programs from kernel-tier tests, and holding sockets in another
// process.
//
// RunCommand forks and execs argv directly (no shell), bounds its run time and
// its output, and kills it when the time is up. ChildHolder gives sockets to a
// forked child so that the kernel and /proc show them under the child's pid.
// Neither is thread-safe; both are meant for the test's main thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/unique_fd.h"

namespace sockscope::testing {

struct CommandResult {
  int exit_code = -1;  // exit status, or 128 + signal when killed
  bool timed_out = false;
  std::string out;
  std::string err;
  // "exit 0, stderr: ..." for assertion messages.
  std::string Describe() const;
};

// Output beyond this many bytes per stream is drained and dropped.
inline constexpr size_t kMaxCommandOutput = 8 << 20;

CommandResult RunCommand(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

// Runs the sockscope binary under test with `args`.
CommandResult RunSockscope(const std::vector<std::string>& args);
// Runs `ss` with `args`.
CommandResult RunSs(const std::vector<std::string>& args);

// A forked child that holds the given sockets until destroyed. After the
// constructor returns, the child has set its comm, closed every other fd it
// inherited, and the test process no longer holds `fds`.
class ChildHolder {
 public:
  ChildHolder(std::vector<base::UniqueFd> fds, const std::string& comm);
  ~ChildHolder();  // asks the child to exit and reaps it
  ChildHolder(const ChildHolder&) = delete;
  ChildHolder& operator=(const ChildHolder&) = delete;

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  base::UniqueFd quit_;  // closing it tells the child to exit
};

}  // namespace sockscope::testing
