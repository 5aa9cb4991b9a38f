#include "loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace sockscope::bench {
namespace {

sockaddr_in MakeAddress(uint32_t addr, uint16_t port) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = htonl(addr);
  return sin;
}

}  // namespace

std::string FormatEndpoint(uint32_t addr, uint16_t port) {
  return std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 0xff) + "." +
         std::to_string((addr >> 8) & 0xff) + "." + std::to_string(addr & 0xff) + ":" +
         std::to_string(port);
}

Status Listen(uint32_t addr, uint16_t port, int backlog, UniqueFd* out) {
  const std::string where = FormatEndpoint(addr, port);
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Status::Errno("socket for listener " + where);
  const int one = 1;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
    return Status::Errno("SO_REUSEADDR on " + where);
  }
  const sockaddr_in sin = MakeAddress(addr, port);
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&sin), sizeof sin) != 0) {
    return Status::Errno("bind " + where);
  }
  if (::listen(fd.get(), backlog) != 0) return Status::Errno("listen " + where);
  *out = std::move(fd);
  return Status::Ok();
}

Status ConnectWithin(uint32_t addr, uint16_t port, int timeout_ms, UniqueFd* out) {
  const std::string where = FormatEndpoint(addr, port);
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Status::Errno("socket for client of " + where);
  const sockaddr_in sin = MakeAddress(addr, port);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sin), sizeof sin) != 0) {
    if (errno != EINPROGRESS) return Status::Errno("connect " + where);
    pollfd pfd{.fd = fd.get(), .events = POLLOUT, .revents = 0};
    int ready;
    do {
      ready = ::poll(&pfd, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) return Status::Errno("poll connect " + where);
    if (ready == 0) return Status::Fail("connect " + where + ": timed out");
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
      return Status::Errno("SO_ERROR of " + where);
    }
    if (err != 0) {
      errno = err;
      return Status::Errno("connect " + where);
    }
  }
  *out = std::move(fd);
  return Status::Ok();
}

Status SetAbortiveClose(int fd) {
  const linger abort{.l_onoff = 1, .l_linger = 0};
  if (::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort) != 0) {
    return Status::Errno("SO_LINGER");
  }
  return Status::Ok();
}

Status Accept(int listener, UniqueFd* out) {
  int fd;
  do {
    fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::Errno("accept");
  *out = UniqueFd(fd);
  return Status::Ok();
}

}  // namespace sockscope::bench
