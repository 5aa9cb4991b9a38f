#include "netns_support.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sockscope::testing {
namespace {

std::string Describe(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// A new namespace starts with `lo` down; connecting to 127.0.0.1 then fails
// with ENETUNREACH, so it is brought up before any test socket is made.
std::string BringLoopbackUp() {
  base::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Describe("socket for SIOCSIFFLAGS");
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd.get(), SIOCGIFFLAGS, &request) != 0) return Describe("SIOCGIFFLAGS lo");
  request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
  if (::ioctl(fd.get(), SIOCSIFFLAGS, &request) != 0) return Describe("SIOCSIFFLAGS lo up");
  return "";
}

}  // namespace

ScopedPrivateNetns::ScopedPrivateNetns() {
  if (::geteuid() != 0) {
    error_ = "kernel tests need root (CAP_SYS_ADMIN) to create a private network namespace";
    return;
  }
  // thread-self, not self: a namespace belongs to a thread, and /proc/self
  // names the thread group leader's.
  original_.Reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!original_.valid()) {
    error_ = Describe("open /proc/thread-self/ns/net");
    return;
  }
  if (::unshare(CLONE_NEWNET) != 0) {
    error_ = Describe("unshare(CLONE_NEWNET) (a container without CAP_SYS_ADMIN?)");
    return;
  }
  entered_ = true;
  error_ = BringLoopbackUp();
  struct stat st {};
  if (error_.empty() && ::stat("/proc/thread-self/ns/net", &st) == 0) {
    id_ = std::to_string(st.st_ino);
  }
}

ScopedPrivateNetns::~ScopedPrivateNetns() {
  // A failed setns would leave later tests in a dead namespace; abort loudly.
  if (entered_ && ::setns(original_.get(), CLONE_NEWNET) != 0) {
    std::perror("setns back to the original network namespace");
    std::abort();
  }
}

void NetnsTest::SetUp() {
  netns_ = std::make_unique<ScopedPrivateNetns>();
  if (!netns_->ok()) GTEST_SKIP() << netns_->error();
}

}  // namespace sockscope::testing
