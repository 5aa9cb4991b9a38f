#include "support/http_get.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cctype>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include "base/deadline.h"
#include "base/unique_fd.h"

namespace sockscope::testing {
namespace {

// Transfer-Encoding: chunked: "SIZE-IN-HEX[;ext]\r\nDATA\r\n" ... "0\r\n\r\n".
std::optional<std::string> Unchunk(const std::string& chunked) {
  std::string out;
  size_t at = 0;
  for (;;) {
    const size_t line_end = chunked.find("\r\n", at);
    if (line_end == std::string::npos) return std::nullopt;
    char* end = nullptr;
    const unsigned long size = std::strtoul(chunked.c_str() + at, &end, 16);
    if (end == chunked.c_str() + at) return std::nullopt;
    at = line_end + 2;
    if (size == 0) return out;
    if (chunked.size() < at + size + 2) return std::nullopt;
    out.append(chunked, at, size);
    at += size + 2;
  }
}

}  // namespace

namespace {

base::Result<void> WaitFor(int fd, short events, const base::Deadline& deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, deadline.RemainingPollMs());
    if (n > 0) return {};
    if (n == 0) return base::MakeError(base::ErrorKind::kTimeout, "HTTP GET timed out");
    if (errno != EINTR) return base::ErrorFromErrno(errno, "poll");
  }
}

}  // namespace

base::Result<HttpGetResult> HttpGet(const std::string& address, uint16_t port,
                                    const std::string& path, std::chrono::milliseconds timeout,
                                    const std::vector<std::string>& extra_headers) {
  auto deadline = base::Deadline::After(timeout);
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof *v4;
  } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof *v6;
  } else {
    return base::MakeError(base::ErrorKind::kUsage, "not an IP address: " + address);
  }
  base::UniqueFd fd(::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return base::ErrorFromErrno(errno, "socket");
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    if (errno != EINPROGRESS) return base::ErrorFromErrno(errno, "connect");
    if (auto w = WaitFor(fd.get(), POLLOUT, deadline); !w) return w.error();
    int err = 0;
    socklen_t elen = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &elen);
    if (err != 0) return base::ErrorFromErrno(err, "connect");
  }
  std::string request = fmt::format("GET {} HTTP/1.1\r\nHost: {}:{}\r\n", path, address, port);
  for (const auto& h : extra_headers) request += h + "\r\n";
  request += "Connection: close\r\n\r\n";
  std::string_view left = request;
  while (!left.empty()) {
    ssize_t n = ::send(fd.get(), left.data(), left.size(), MSG_NOSIGNAL);
    if (n > 0) {
      left.remove_prefix(static_cast<size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (auto w = WaitFor(fd.get(), POLLOUT, deadline); !w) return w.error();
    } else {
      return base::ErrorFromErrno(errno, "send");
    }
  }
  std::string response;
  char chunk[16384];
  for (;;) {
    ssize_t n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n > 0) {
      response.append(chunk, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return base::ErrorFromErrno(errno, "recv");
    if (auto w = WaitFor(fd.get(), POLLIN, deadline); !w) return w.error();
  }
  HttpGetResult r;
  size_t head_end = response.find("\r\n\r\n");
  if (head_end == std::string::npos || response.compare(0, 9, "HTTP/1.1 ") != 0)
    return base::MakeError(base::ErrorKind::kMalformed, "not an HTTP response");
  r.head = response.substr(0, head_end);
  r.body = response.substr(head_end + 4);
  r.status = std::atoi(response.c_str() + 9);
  std::string lower_head = r.head;
  for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower_head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    auto body = Unchunk(r.body);
    if (!body) return base::MakeError(base::ErrorKind::kMalformed, "bad chunked body");
    r.body = std::move(*body);
  }
  return r;
}

}  // namespace sockscope::testing
