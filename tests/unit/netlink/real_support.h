// Support for the netlink tests that talk to the real kernel: a private
// network namespace for the calling thread (root only; tests skip without it)
// and a few socket makers. Header-only so the unit binary needs nothing else.
// Not thread-safe: the namespace belongs to the calling thread.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/unique_fd.h"

namespace sockscope::testing {

inline std::string ErrnoText(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// Enters a fresh network namespace (with `lo` up) and returns on destruction.
class PrivateNetns {
 public:
  PrivateNetns() {
    if (::geteuid() != 0) {
      error_ = "needs root to unshare(CLONE_NEWNET)";
      return;
    }
    original_.Reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!original_.valid()) {
      error_ = ErrnoText("open /proc/thread-self/ns/net");
      return;
    }
    if (::unshare(CLONE_NEWNET) != 0) {
      error_ = ErrnoText("unshare(CLONE_NEWNET)");
      return;
    }
    entered_ = true;
    base::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    if (!fd.valid() || ::ioctl(fd.get(), SIOCGIFFLAGS, &request) != 0) {
      error_ = ErrnoText("SIOCGIFFLAGS lo");
      return;
    }
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    if (::ioctl(fd.get(), SIOCSIFFLAGS, &request) != 0) error_ = ErrnoText("SIOCSIFFLAGS lo up");
  }
  ~PrivateNetns() {
    // Staying in a throw-away namespace would skew every later test.
    if (entered_ && ::setns(original_.get(), CLONE_NEWNET) != 0) {
      std::perror("setns back to the original network namespace");
      std::abort();
    }
  }
  PrivateNetns(const PrivateNetns&) = delete;
  PrivateNetns& operator=(const PrivateNetns&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  base::UniqueFd original_;
  bool entered_ = false;
  std::string error_;
};

inline base::UniqueFd MustSocket(int family, int type) {
  base::UniqueFd fd(::socket(family, type | SOCK_CLOEXEC, 0));
  if (!fd.valid()) throw std::runtime_error(ErrnoText("socket"));
  return fd;
}

// A loopback address of `family` with `port` (network order handled here).
inline sockaddr_storage Loopback(int family, uint16_t port, socklen_t& len) {
  sockaddr_storage ss{};
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    a->sin6_addr = in6addr_loopback;
    len = sizeof *a;
  }
  return ss;
}

inline uint16_t BoundPort(const base::UniqueFd& fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0)
    throw std::runtime_error(ErrnoText("getsockname"));
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);  // same offset for v6
}

inline base::UniqueFd Listener(int family, int backlog = 16) {
  auto fd = MustSocket(family, SOCK_STREAM);
  socklen_t len;
  auto addr = Loopback(family, 0, len);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(fd.get(), backlog) != 0)
    throw std::runtime_error(ErrnoText("bind/listen"));
  return fd;
}

inline base::UniqueFd ConnectTo(int family, int type, uint16_t port) {
  auto fd = MustSocket(family, type);
  socklen_t len;
  auto addr = Loopback(family, port, len);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0)
    throw std::runtime_error(ErrnoText("connect"));
  return fd;
}

inline base::UniqueFd BoundUdp(int family) {
  auto fd = MustSocket(family, SOCK_DGRAM);
  socklen_t len;
  auto addr = Loopback(family, 0, len);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0)
    throw std::runtime_error(ErrnoText("bind udp"));
  return fd;
}

// A UNIX socket bound to the abstract name "\0name".
inline base::UniqueFd AbstractUnix(int type, const std::string& name) {
  auto fd = MustSocket(AF_UNIX, type);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path + 1, name.data(), name.size());
  auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0)
    throw std::runtime_error(ErrnoText("bind unix"));
  if (type == SOCK_STREAM && ::listen(fd.get(), 4) != 0)
    throw std::runtime_error(ErrnoText("listen unix"));
  return fd;
}

// Lifts the soft fd limit to the hard one; returns the new soft limit.
inline rlim_t RaiseFdLimit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  lim.rlim_cur = lim.rlim_max;
  (void)::setrlimit(RLIMIT_NOFILE, &lim);
  return lim.rlim_cur;
}

}  // namespace sockscope::testing
