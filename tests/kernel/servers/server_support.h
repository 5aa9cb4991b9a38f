// Support for the real-server tier (ctest labels `kernel;servers`): real
// programs from Debian's archive (nginx, haproxy, redis, dnsmasq, memcached,
// apache2, postgresql, wrk, ab, dnsperf, memcslap, pgbench, python3) started in the
// test's private network namespace with configuration the test writes to a
// temporary directory, bound to 127.0.0.1 or a veth address, and stopped
// (their whole process group killed) when the test ends.
//
// Not thread-safe: meant for the test's main thread.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "check_support.h"
#include "socket_support.h"

namespace sockscope::testing {

// A program started with execvp in its own process group, inheriting the
// calling thread's network namespace. The destructor sends SIGKILL to the
// group and reaps the leader; stdout and stderr go to `log` (a file path).
class ServerProcess {
 public:
  ServerProcess(const std::vector<std::string>& argv, const std::string& log);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the leader has not exited.
  bool Running() const;
  void Signal(int sig) const;  // to the leader only

 private:
  pid_t pid_ = -1;
};

// Whether `program` is on PATH (tests skip with a message when not).
bool HaveProgram(std::string_view program);

// The children of `pid` (from /proc/PID/task/PID/children).
std::vector<pid_t> ChildPids(pid_t pid);

// The comm of `pid` as /proc shows it; "" when it is gone.
std::string CommOf(pid_t pid);

// Lines of `ss -H <args>` (empty lines dropped), and a bounded wait until
// their number satisfies `done`.
std::vector<std::string> SsLines(const std::vector<std::string>& args);
bool WaitForSs(const std::vector<std::string>& args, const std::function<bool(size_t)>& done,
               Millis timeout = Millis(5000));

// Findings that are not host-wide: the ones this namespace caused.
std::vector<nlohmann::json> LocalFindings(const nlohmann::json& doc);

// "id:severity" of each finding, sorted.
std::vector<std::string> Keys(const std::vector<nlohmann::json>& findings);

// `sockscope check --format json --interval <interval>` in this namespace.
JsonRun CheckOnce(const std::string& interval = "1s");

// Writes `text` to `path`.
void WriteFile(const std::string& path, std::string_view text);

}  // namespace sockscope::testing
