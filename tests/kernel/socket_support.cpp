#include "socket_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>
#include <vector>

namespace sockscope::testing {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

struct SockAddr {
  sockaddr_storage storage{};
  socklen_t len = 0;
  int family = AF_UNSPEC;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

SockAddr InetAddr(std::string_view addr, uint16_t port) {
  SockAddr out;
  std::string text(addr);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
  if (::inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    out.len = sizeof(*v4);
  } else if (::inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    out.len = sizeof(*v6);
  } else {
    errno = EINVAL;
    Fail("not a numeric address: " + text);
  }
  out.family = out.storage.ss_family;
  return out;
}

// Abstract names ('@x') have no terminating NUL and their length counts.
SockAddr UnixAddr(const std::string& name) {
  SockAddr out;
  auto* un = reinterpret_cast<sockaddr_un*>(&out.storage);
  un->sun_family = AF_UNIX;
  if (name.size() >= sizeof(un->sun_path)) {
    errno = ENAMETOOLONG;
    Fail("unix socket name " + name);
  }
  std::memcpy(un->sun_path, name.data(), name.size());
  if (!name.empty() && name[0] == '@') un->sun_path[0] = '\0';
  out.len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() +
                                   (name.empty() || name[0] == '@' ? 0 : 1));
  out.family = AF_UNIX;
  return out;
}

UniqueFd NewSocket(int family, int type) {
  UniqueFd fd(::socket(family, type | SOCK_CLOEXEC, 0));
  if (!fd.valid()) Fail("socket");
  return fd;
}

void Bind(const UniqueFd& fd, const SockAddr& addr, const std::string& what) {
  if (::bind(fd.get(), addr.get(), addr.len) != 0) Fail("bind " + what);
}

bool PollFor(const UniqueFd& fd, short events, Millis timeout) {
  pollfd p{fd.get(), events, 0};
  int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (n < 0) Fail("poll");
  return n == 1;
}

void SetBlocking(const UniqueFd& fd) {
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) Fail("fcntl");
}

}  // namespace

bool WaitUntil(const std::function<bool()>& done, Millis timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(Millis(2));
  }
  return true;
}

UniqueFd TcpListen(std::string_view addr, uint16_t port, int backlog, bool reuse_port) {
  SockAddr sa = InetAddr(addr, port);
  UniqueFd fd = NewSocket(sa.family, SOCK_STREAM);
  int one = 1;
  if (reuse_port && ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
    Fail("SO_REUSEPORT");
  }
  Bind(fd, sa, std::string(addr));
  if (::listen(fd.get(), backlog) != 0) Fail("listen");
  return fd;
}

UniqueFd TcpConnectStart(std::string_view addr, uint16_t port) {
  SockAddr sa = InetAddr(addr, port);
  UniqueFd fd = NewSocket(sa.family, SOCK_STREAM | SOCK_NONBLOCK);
  if (::connect(fd.get(), sa.get(), sa.len) != 0 && errno != EINPROGRESS) Fail("connect");
  return fd;
}

UniqueFd TcpConnect(std::string_view addr, uint16_t port, Millis timeout) {
  UniqueFd fd = TcpConnectStart(addr, port);
  if (!PollFor(fd, POLLOUT, timeout)) {
    errno = ETIMEDOUT;
    Fail("connect to port " + std::to_string(port));
  }
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) Fail("SO_ERROR");
  if (err != 0) {
    errno = err;
    Fail("connect to port " + std::to_string(port));
  }
  SetBlocking(fd);
  return fd;
}

UniqueFd Accept(const UniqueFd& listener, Millis timeout) {
  if (!PollFor(listener, POLLIN, timeout)) {
    errno = ETIMEDOUT;
    Fail("accept");
  }
  UniqueFd fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!fd.valid()) Fail("accept4");
  return fd;
}

TcpPair TcpEstablished(const UniqueFd& listener, std::string_view addr) {
  TcpPair pair;
  pair.client = TcpConnect(addr, LocalPort(listener));
  pair.server = Accept(listener);
  return pair;
}

UniqueFd UdpBind(std::string_view addr, uint16_t port) {
  SockAddr sa = InetAddr(addr, port);
  UniqueFd fd = NewSocket(sa.family, SOCK_DGRAM);
  Bind(fd, sa, std::string(addr));
  return fd;
}

UniqueFd BindV6Only(int type, uint16_t port, int backlog) {
  SockAddr sa = InetAddr("::", port);
  UniqueFd fd = NewSocket(AF_INET6, type);
  int one = 1;
  if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0)
    Fail("IPV6_V6ONLY");
  Bind(fd, sa, "::");
  if (type == SOCK_STREAM && ::listen(fd.get(), backlog) != 0) Fail("listen");
  return fd;
}

UniqueFd UdpConnect(std::string_view local_addr, std::string_view peer_addr, uint16_t peer_port) {
  UniqueFd fd = UdpBind(local_addr);
  SockAddr peer = InetAddr(peer_addr, peer_port);
  if (::connect(fd.get(), peer.get(), peer.len) != 0) Fail("connect udp");
  return fd;
}

UniqueFd UnixListen(const std::string& name, int backlog) {
  UniqueFd fd = NewSocket(AF_UNIX, SOCK_STREAM);
  Bind(fd, UnixAddr(name), name);
  if (::listen(fd.get(), backlog) != 0) Fail("listen " + name);
  return fd;
}

UniqueFd UnixConnect(const std::string& name, int type) {
  UniqueFd fd = NewSocket(AF_UNIX, type);
  SockAddr sa = UnixAddr(name);
  if (::connect(fd.get(), sa.get(), sa.len) != 0) Fail("connect " + name);
  return fd;
}

UniqueFd UnixDgramBind(const std::string& name) {
  UniqueFd fd = NewSocket(AF_UNIX, SOCK_DGRAM);
  Bind(fd, UnixAddr(name), name);
  return fd;
}

UnixPair UnixStreamPair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) Fail("socketpair");
  return UnixPair{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sockscope-kt-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) Fail("mkdtemp");
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

uint16_t LocalPort(const UniqueFd& fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0) Fail("getsockname");
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

ino_t SocketInode(const UniqueFd& fd) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) Fail("fstat");
  return st.st_ino;
}

uint64_t SocketCookie(const UniqueFd& fd) {
  uint64_t cookie = 0;
  socklen_t len = sizeof(cookie);
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_COOKIE, &cookie, &len) != 0) Fail("SO_COOKIE");
  return cookie;
}

tcp_info TcpInfo(const UniqueFd& fd) {
  tcp_info info{};
  socklen_t len = sizeof(info);
  if (::getsockopt(fd.get(), IPPROTO_TCP, TCP_INFO, &info, &len) != 0) Fail("TCP_INFO");
  return info;
}

int IntOption(const UniqueFd& fd, int level, int name) {
  int value = 0;
  socklen_t len = sizeof(value);
  if (::getsockopt(fd.get(), level, name, &value, &len) != 0) Fail("getsockopt");
  return value;
}

void SendBytes(const UniqueFd& fd, size_t n) {
  std::vector<char> data(n, 'x');
  size_t sent = 0;
  while (sent < n) {
    ssize_t r = ::send(fd.get(), data.data() + sent, n - sent, MSG_NOSIGNAL);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) Fail("send");
    sent += static_cast<size_t>(r);
  }
}

size_t ReceiveQueueBytes(const UniqueFd& fd) {
  int n = 0;
  if (::ioctl(fd.get(), SIOCINQ, &n) != 0) Fail("SIOCINQ");
  return static_cast<size_t>(n);
}

void FillReceiveQueue(const TcpPair& pair, size_t n) {
  size_t before = ReceiveQueueBytes(pair.server);
  SendBytes(pair.client, n);
  // Also wait for the sender's queue to drain (all acked), so Send-Q is 0
  // on both sides when ss and sockscope look.
  if (!WaitUntil([&] {
        return ReceiveQueueBytes(pair.server) == before + n &&
               TcpInfo(pair.client).tcpi_unacked == 0;
      })) {
    errno = ETIMEDOUT;
    Fail("receive queue did not fill");
  }
}

void MakeCloseWait(const TcpPair& pair) {
  // shutdown() sends the FIN like close() would, but keeps the client end
  // open: a closed one becomes an orphan whose state (FIN-WAIT-1, then a
  // FIN-WAIT-2 timewait entry) changes under the test's feet.
  if (::shutdown(pair.client.get(), SHUT_WR) != 0) Fail("shutdown");
  if (!WaitUntil([&] {
        return TcpInfo(pair.server).tcpi_state == TCP_CLOSE_WAIT &&
               TcpInfo(pair.client).tcpi_state == TCP_FIN_WAIT2;
      })) {
    errno = ETIMEDOUT;
    Fail("no CLOSE-WAIT / FIN-WAIT-2 pair");
  }
}

// For a listener, tcp_info reports the accept queue length in tcpi_unacked
// (and its max in tcpi_sacked) since Linux 2.6.x.
bool WaitForAcceptQueue(const UniqueFd& listener, uint32_t len) {
  return WaitUntil([&] { return TcpInfo(listener).tcpi_unacked == len; });
}

}  // namespace sockscope::testing
