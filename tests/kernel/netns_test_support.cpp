// Namespaces for the -N kernel tests: named ones (`ip netns add`) and an
// unnamed one held by a forked child, each with a listener on the same port
// and connections nobody accepts. Everything is removed by destructors, so a
// failing assertion still leaves no namespace, process or cgroup behind.
#include "netns_test_support.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "command_support.h"

namespace sockscope::testing {
namespace {

[[noreturn]] void Throw(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

uint64_t InodeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) Throw("stat " + path);
  return st.st_ino;
}

bool LoopbackUp() {
  UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return false;
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd.get(), SIOCGIFFLAGS, &request) != 0) return false;
  request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
  return ::ioctl(fd.get(), SIOCSIFFLAGS, &request) == 0;
}

}  // namespace

Stuck MakeStuck(uint16_t port, int backlog, int connections) {
  Stuck s;
  s.listener = TcpListen("127.0.0.1", port, backlog);
  for (int i = 0; i < connections; ++i) s.clients.push_back(TcpConnect("127.0.0.1", port));
  if (!WaitForAcceptQueue(s.listener, static_cast<uint32_t>(connections)))
    throw std::runtime_error("accept queue did not reach " + std::to_string(connections));
  return s;
}

void InNetns(int netns_fd, const std::function<void()>& fn) {
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      if (::setns(netns_fd, CLONE_NEWNET) != 0) Throw("setns");
      fn();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  worker.join();
  if (failure) std::rethrow_exception(failure);
}

NamedNetns::NamedNetns(std::string name) : name_(std::move(name)) {
  auto added = RunCommand({"ip", "netns", "add", name_});
  if (added.exit_code != 0) throw std::runtime_error("ip netns add: " + added.Describe());
  created_ = true;
  auto up = RunCommand({"ip", "-n", name_, "link", "set", "lo", "up"});
  if (up.exit_code != 0) throw std::runtime_error("ip link set lo up: " + up.Describe());
  fd_ = UniqueFd(::open(path().c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd_.valid()) Throw("open " + path());
  inode_ = InodeOf(path());
}

NamedNetns::~NamedNetns() {
  if (created_) RunCommand({"ip", "netns", "del", name_});
}

HolderChild::HolderChild(uint16_t port, int backlog, int connections, bool drop_to_nobody) {
  int ready[2], quit[2];
  if (::pipe2(ready, O_CLOEXEC) != 0 || ::pipe2(quit, O_CLOEXEC) != 0) Throw("pipe2");
  pid_ = ::fork();
  if (pid_ < 0) Throw("fork");
  if (pid_ == 0) {
    ::close(ready[0]);
    ::close(quit[1]);
    char status = 'x';
    try {
      if (::unshare(CLONE_NEWNET) != 0 || !LoopbackUp()) _exit(2);
      Stuck stuck = MakeStuck(port, backlog, connections);
      if (drop_to_nobody) {
        // Another user's process, as an unprivileged sockscope sees it; still
        // dumpable so that user may read its /proc/PID/ns and net.
        if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0 ||
            ::prctl(PR_SET_DUMPABLE, 1) != 0)
          _exit(3);
      }
      status = 'r';
      if (::write(ready[1], &status, 1) != 1) _exit(4);
      char c;
      while (::read(quit[0], &c, 1) < 0 && errno == EINTR) {
      }
      _exit(0);
    } catch (...) {
      _exit(5);
    }
  }
  ::close(ready[1]);
  ::close(quit[0]);
  quit_ = UniqueFd(quit[1]);
  char c = 0;
  ssize_t n;
  while ((n = ::read(ready[0], &c, 1)) < 0 && errno == EINTR) {
  }
  ::close(ready[0]);
  if (n != 1 || c != 'r') {
    Kill();
    throw std::runtime_error("holder child failed to set up its namespace");
  }
  inode_ = InodeOf("/proc/" + std::to_string(pid_) + "/ns/net");
}

void HolderChild::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

HolderChild::~HolderChild() { Kill(); }

ScopedCgroup::ScopedCgroup(const std::string& root, const std::string& name) {
  std::string parent = root + "/" + name;
  if (::mkdir(parent.c_str(), 0755) != 0) return;
  dirs_.push_back(parent);
}

bool ScopedCgroup::AddChild(const std::string& name) {
  if (dirs_.empty()) return false;
  std::string dir = dirs_.front() + "/" + name;
  if (::mkdir(dir.c_str(), 0755) != 0) return false;
  dirs_.push_back(dir);
  return true;
}

bool ScopedCgroup::Move(pid_t pid, const std::string& dir) {
  std::ofstream procs(dir + "/cgroup.procs");
  procs << pid << std::flush;
  return procs.good();
}

ScopedCgroup::~ScopedCgroup() {
  // Processes still inside go back to the parent of our tree first.
  for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
    std::ifstream procs(*it + "/cgroup.procs");
    std::string parent = it->substr(0, it->rfind('/'));
    for (std::string pid; std::getline(procs, pid);) {
      std::ofstream out(parent + "/cgroup.procs");
      out << pid << std::flush;
    }
    ::rmdir(it->c_str());
  }
}

}  // namespace sockscope::testing
