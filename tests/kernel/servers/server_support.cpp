#include "server_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "command_support.h"

namespace sockscope::testing {

ServerProcess::ServerProcess(const std::vector<std::string>& argv, const std::string& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid_ == 0) {
    ::setpgid(0, 0);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0) ::dup2(null, 0);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);  // no race with the child's own call
}

ServerProcess::~ServerProcess() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGCONT);  // a stopped process must run to die cleanly
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

bool ServerProcess::Running() const {
  int status = 0;
  return ::waitpid(pid_, &status, WNOHANG) == 0;
}

void ServerProcess::Signal(int sig) const { ::kill(pid_, sig); }

bool HaveProgram(std::string_view program) {
  return RunCommand({"sh", "-c", "command -v " + std::string(program)}).exit_code == 0;
}

std::vector<pid_t> ChildPids(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  std::vector<pid_t> out;
  pid_t p = 0;
  while (in >> p) out.push_back(p);
  return out;
}

std::string CommOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

std::vector<std::string> SsLines(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"-H"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult r = RunSs(argv);
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  return lines;
}

bool WaitForSs(const std::vector<std::string>& args, const std::function<bool(size_t)>& done,
               Millis timeout) {
  return WaitUntil([&] { return done(SsLines(args).size()); }, timeout);
}

void WriteFile(const std::string& path, std::string_view text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::system_error(errno, std::generic_category(), "write " + path);
}

std::vector<nlohmann::json> LocalFindings(const nlohmann::json& doc) {
  std::vector<nlohmann::json> out;
  for (const nlohmann::json& f : doc.value("findings", nlohmann::json::array()))
    if (!f["evidence"].value("host_wide", false)) out.push_back(f);
  return out;
}

std::vector<std::string> Keys(const std::vector<nlohmann::json>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.value("id", "") + ":" + f.value("severity", ""));
  std::sort(out.begin(), out.end());
  return out;
}

JsonRun CheckOnce(const std::string& interval) {
  return RunSockscopeJson({"check", "--format", "json", "--interval", interval});
}

}  // namespace sockscope::testing
