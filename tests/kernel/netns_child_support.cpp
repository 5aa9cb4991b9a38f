#include "netns_child_support.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace sockscope::testing {
namespace {

// Child side: a new namespace, a listener, one byte of "ready" (or of the
// errno that failed), then wait for the quit pipe to close.
[[noreturn]] void RunChild(int ready_fd, int quit_fd, uint16_t port, int run_as_uid) {
  auto fail = [&] {
    char code = static_cast<char>(errno == 0 ? EIO : errno);
    [[maybe_unused]] ssize_t ignored = ::write(ready_fd, &code, 1);
    _exit(1);
  };
  if (::unshare(CLONE_NEWNET) != 0) fail();
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail();
  if (::listen(fd, 16) != 0) fail();
  if (run_as_uid >= 0) {
    auto id = static_cast<uid_t>(run_as_uid);
    if (::setresgid(id, id, id) != 0 || ::setresuid(id, id, id) != 0) fail();
    // A change of credentials clears "dumpable", which would hide /proc/PID
    // from the user it now is.
    if (::prctl(PR_SET_DUMPABLE, 1) != 0) fail();
  }
  char ok = 0;
  [[maybe_unused]] ssize_t ignored = ::write(ready_fd, &ok, 1);
  char byte;
  while (::read(quit_fd, &byte, 1) < 0 && errno == EINTR) {
  }
  _exit(0);
}

}  // namespace

NetnsChild::NetnsChild(uint16_t port, int run_as_uid) {
  int ready[2];
  int quit[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) {
    error_ = std::string("pipe2: ") + std::strerror(errno);
    return;
  }
  if (::pipe2(quit, O_CLOEXEC) != 0) {
    error_ = std::string("pipe2: ") + std::strerror(errno);
    ::close(ready[0]);
    ::close(ready[1]);
    return;
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    ::close(ready[0]);
    ::close(quit[1]);
    RunChild(ready[1], quit[0], port, run_as_uid);
  }
  ::close(ready[1]);
  ::close(quit[0]);
  quit_ = base::UniqueFd(quit[1]);
  base::UniqueFd ready_read(ready[0]);
  if (pid_ < 0) {
    error_ = std::string("fork: ") + std::strerror(errno);
    return;
  }
  pollfd p{ready_read.get(), POLLIN, 0};
  char code = EIO;
  if (::poll(&p, 1, 2000) != 1 || ::read(ready_read.get(), &code, 1) != 1) {
    error_ = "namespace child did not start";
    return;
  }
  if (code != 0) {
    error_ = std::string("namespace child: ") + std::strerror(code);
    return;
  }
  struct stat st {};
  std::string ns = "/proc/" + std::to_string(pid_) + "/ns/net";
  if (::stat(ns.c_str(), &st) != 0) {
    error_ = "stat " + ns + ": " + std::strerror(errno);
    return;
  }
  netns_id_ = std::to_string(st.st_ino);
}

NetnsChild::~NetnsChild() {
  quit_.Reset();
  if (pid_ <= 0) return;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace sockscope::testing
