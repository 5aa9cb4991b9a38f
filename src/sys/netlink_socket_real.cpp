// The real netlink socket: SOCK_NONBLOCK + poll() with the remaining time, so
// no receive can hang (field report 003: a collector blocked 42 minutes in
// recvfrom() on a sock_diag socket).
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/unique_fd.h"
#include "sys/netlink_socket.h"

namespace sockscope::sys {
namespace {

using base::Deadline;
using base::ErrorFromErrno;
using base::ErrorKind;
using base::MakeError;
using base::Result;
using base::UniqueFd;

// The deadline passed while every call kept failing with EINTR.
base::Error Interrupted(const char* what) {
  base::Error e = MakeError(ErrorKind::kTimeout, std::string(what) +
                                                     ": deadline passed (interrupted by signals "
                                                     "until then)");
  e.errnum = EINTR;
  return e;
}

// Waits until fd is ready for `events` or the deadline passes.
Result<void> WaitFor(int fd, short events, const Deadline& deadline, const char* what) {
  for (;;) {
    pollfd pfd{fd, events, 0};
    int ms = deadline.RemainingPollMs();
    if (ms <= 0) return MakeError(ErrorKind::kTimeout, std::string(what) + ": deadline passed");
    int n = ::poll(&pfd, 1, ms);
    if (n > 0) return {};
    if (n == 0) continue;          // re-check the deadline: poll may wake a little early
    if (errno == EINTR) continue;  // bounded: the loop starts by checking the deadline
    return ErrorFromErrno(errno, what);
  }
}

}  // namespace

Result<void> NetlinkSocket::JoinGroup(unsigned group) {
  return MakeError(ErrorKind::kUnsupported, "netlink multicast group " + std::to_string(group) +
                                                ": not available on a recorded or replayed socket");
}

namespace {

class RealNetlinkSocket final : public NetlinkSocket {
 public:
  RealNetlinkSocket(UniqueFd fd, uint32_t port) : fd_(std::move(fd)), port_(port) {}

  uint32_t PortId() const override { return port_; }

  Result<void> JoinGroup(unsigned group) override {
    if (::setsockopt(fd_.get(), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof group) != 0)
      return ErrorFromErrno(errno, "netlink multicast group " + std::to_string(group));
    return {};
  }

  Result<void> Send(std::span<const uint8_t> request, const Deadline& deadline) override {
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    for (;;) {
      ssize_t n = ::sendto(fd_.get(), request.data(), request.size(), 0,
                           reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
      if (n == static_cast<ssize_t>(request.size())) return {};
      if (n >= 0) return MakeError(ErrorKind::kIo, "netlink send: short write");
      if (errno == EINTR) {
        // Retried only while time is left: EINTR on every call must not spin.
        if (deadline.Expired()) return Interrupted("netlink send");
        continue;
      }
      if (errno != EAGAIN) return ErrorFromErrno(errno, "netlink send");
      if (auto w = WaitFor(fd_.get(), POLLOUT, deadline, "netlink send"); !w) return w.error();
    }
  }

  Result<ReceivedDatagram> Receive(std::span<uint8_t> buffer, const Deadline& deadline) override {
    for (;;) {
      sockaddr_nl from{};
      iovec iov{buffer.data(), buffer.size()};
      msghdr msg{};
      msg.msg_name = &from;
      msg.msg_namelen = sizeof from;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      ssize_t n = ::recvmsg(fd_.get(), &msg, MSG_DONTWAIT);
      if (n >= 0) {
        ReceivedDatagram d;
        d.bytes = static_cast<size_t>(n);
        d.truncated = (msg.msg_flags & MSG_TRUNC) != 0;
        d.sender_port = from.nl_pid;
        return d;
      }
      if (errno == EINTR) {
        if (deadline.Expired()) return Interrupted("netlink receive");
        continue;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK) return ErrorFromErrno(errno, "netlink receive");
      if (auto w = WaitFor(fd_.get(), POLLIN, deadline, "netlink receive"); !w) return w.error();
    }
  }

 private:
  UniqueFd fd_;
  uint32_t port_;
};

class RealOpener final : public NetlinkOpener {
 public:
  Result<std::unique_ptr<NetlinkSocket>> Open(int protocol, size_t receive_buffer) override {
    UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol));
    if (!fd.valid()) return ErrorFromErrno(errno, "netlink socket");
    if (receive_buffer > 0) {
      int size = static_cast<int>(receive_buffer);
      // SO_RCVBUFFORCE passes rmem_max when we have CAP_NET_ADMIN; else take what we get.
      if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
        (void)::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }
    int one = 1;
    // Extended ACKs give the kernel's reason for a rejected request (4.12+); optional.
    (void)::setsockopt(fd.get(), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
      return ErrorFromErrno(errno, "netlink bind");
    socklen_t len = sizeof local;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &len) != 0)
      return ErrorFromErrno(errno, "netlink getsockname");
    return std::unique_ptr<NetlinkSocket>(new RealNetlinkSocket(std::move(fd), local.nl_pid));
  }
};

}  // namespace

NetlinkOpener& RealNetlinkOpener() {
  static RealOpener opener;
  return opener;
}

}  // namespace sockscope::sys
