#include "exporter/http_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "base/deadline.h"
#include "base/unique_fd.h"

namespace sockscope::exporter {
namespace {

using base::Clock;
using base::UniqueFd;

// Calls without a deadline retry EINTR at most this many times in a row.
constexpr int kMaxEintrRetries = 16;

// A peer address, IPv4 as v4-mapped IPv6: the key of the per-peer budget.
using PeerKey = std::array<uint8_t, 16>;

PeerKey KeyOf(const sockaddr_storage& ss) {
  PeerKey key{};
  if (ss.ss_family == AF_INET6) {
    std::memcpy(key.data(), &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, 16);
  } else if (ss.ss_family == AF_INET) {
    key[10] = key[11] = 0xff;
    std::memcpy(key.data() + 12, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, 4);
  }
  return key;
}

// When the connection was made, as well as we can tell. A connection may
// have waited in the kernel's accept queue for seconds before we accept it:
// the kernel's "ms since data (or the handshake) was last received" dates it,
// so a client that has held idle connections for a while cannot make them
// look new by having them accepted late.
Clock::time_point ConnectedAt(int fd, Clock::time_point now) {
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 ||
      len < offsetof(tcp_info, tcpi_last_data_recv) + sizeof info.tcpi_last_data_recv)
    return now;
  return now - std::chrono::milliseconds(std::min<uint32_t>(info.tcpi_last_data_recv, 60'000));
}

struct Reading {
  UniqueFd fd;
  std::string buf;
  Clock::time_point accepted;  // when the connection was made (ConnectedAt)
  PeerKey peer{};
};

struct Job {
  UniqueFd fd;
  HttpRequest request;
  bool bad = false;
  int status = 0;  // nonzero: answer with this status, no handler
};

std::string Serialize(const HttpResponse& r, bool head_only) {
  std::string encoding;
  if (!r.content_encoding.empty())
    encoding = fmt::format("Content-Encoding: {}\r\nVary: Accept-Encoding\r\n", r.content_encoding);
  std::string out = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: {}\r\n{}Content-Length: {}\r\nConnection: close\r\n"
      "Cache-Control: no-store\r\n\r\n",
      r.status, StatusText(r.status), r.content_type, encoding, r.body.size());
  if (!head_only) out += r.body;
  return out;
}

// Writes all of data before the deadline (the socket is non-blocking).
void WriteAll(int fd, std::string_view data, const base::Deadline& deadline) {
  int interrupted = 0;
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      interrupted = 0;
      continue;
    }
    if (n < 0 && errno == EINTR) {
      // Interrupted over and over: give the connection up rather than spin
      // until the write deadline.
      if (++interrupted > kMaxEintrRetries || deadline.Expired()) return;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (deadline.Expired()) return;
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, deadline.RemainingPollMs());
      continue;
    }
    return;  // peer gone
  }
}

class Server final : public HttpServer {
 public:
  Server(const HttpServerOptions& o, HttpHandler h, UniqueFd listen_fd, UniqueFd wake_fd,
         uint16_t port)
      : options_(o),
        handler_(std::move(h)),
        listen_(std::move(listen_fd)),
        wake_(std::move(wake_fd)),
        port_(port) {
    for (unsigned i = 0; i < std::max(1u, options_.workers); ++i)
      workers_.emplace_back([this] { Work(); });
    poller_ = std::thread([this] { Poll(); });
  }
  ~Server() override { Stop(); }

  uint16_t port() const override { return port_; }
  HttpServerStats stats() const override { return {evicted_.load(), accept_backoffs_.load()}; }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);
    jobs_cv_.notify_all();
    if (poller_.joinable()) poller_.join();
    for (auto& t : workers_) t.join();
  }

 private:
  bool Stopping() {
    std::lock_guard lock(mu_);
    return stopping_;
  }

  void Poll() {
    std::vector<Reading> reading;
    std::vector<pollfd> fds;
    int interrupted_polls = 0;
    // Wakes at least this often, so a slot freed by a worker (or a reader
    // becoming evictable) is noticed while accepting is paused.
    while (!Stopping()) {
      size_t open = reading.size() + in_service_.load();
      bool paused = Clock::now() < accept_paused_until_;
      bool can_accept =
          !paused && (open < options_.max_connections || Victim(reading) != reading.end());
      fds.clear();
      fds.push_back({wake_.get(), POLLIN, 0});
      fds.push_back({can_accept ? listen_.get() : -1, POLLIN, 0});
      for (const auto& r : reading) fds.push_back({r.fd.get(), POLLIN, 0});
      int wait_ms = paused ? 10 : 50;
      for (const auto& r : reading)
        wait_ms = std::min(
            wait_ms, base::Deadline::At(r.accepted + options_.head_timeout).RemainingPollMs());
      int ready = ::poll(fds.data(), fds.size(), wait_ms);
      if (ready < 0 && errno != EINTR) break;
      if (ready >= 0) {
        interrupted_polls = 0;
      } else if (++interrupted_polls > kMaxEintrRetries) {
        // Interrupted over and over (a signal storm): do not spin a core,
        // and keep serving without poll's answer: every fd is tried as if
        // ready (all are non-blocking, so the calls just say EAGAIN).
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        for (auto& p : fds) p.revents = p.fd >= 0 ? POLLIN : 0;
        ready = static_cast<int>(fds.size());
      }

      // Heads first: completing requests frees slots before accepting more.
      std::vector<Reading> still;
      still.reserve(reading.size());
      for (size_t i = 0; i < reading.size(); ++i) {
        Reading& r = reading[i];
        short ev = ready > 0 ? fds[i + 2].revents : 0;
        if (ev != 0 && !ReadSome(r)) continue;  // closed, or handed to a worker
        if (Clock::now() >= r.accepted + options_.head_timeout) continue;  // too slow: drop
        still.push_back(std::move(r));
      }
      reading = std::move(still);
      if (ready > 0 && (fds[1].revents & POLLIN)) AcceptAll(reading);
    }
    // Stopping: open connections are closed by their destructors.
  }

  // A connection that has been reading its head for longer than this may be
  // evicted to make room: long enough for any well-behaved client to send a
  // head, far shorter than head_timeout.
  std::chrono::milliseconds EvictAfter() const {
    return std::min(std::chrono::milliseconds(500), options_.head_timeout / 4);
  }
  // The same for a peer holding more than its budget of connections: it is
  // the one crowding others out, so its connections get only a moment to
  // send their heads (a client on loopback or a LAN sends it within a
  // round trip of connecting).
  std::chrono::milliseconds EvictOverBudgetAfter() const {
    return std::min(std::chrono::milliseconds(100), EvictAfter());
  }
  size_t PeerBudget() const {
    if (options_.max_connections_per_peer > 0) return options_.max_connections_per_peer;
    return std::max<size_t>(1, options_.max_connections / 2);
  }

  // The reader to evict when a slot is needed, or reading.end(): among the
  // readers that may be evicted, the oldest one of the peer holding the most
  // readers. A reader may be evicted once it is older than EvictAfter, or
  // EvictOverBudgetAfter when its peer holds more than its budget. So one
  // client with many idle connections loses its own oldest ones first and a
  // scrape never waits behind them for longer than a moment.
  std::vector<Reading>::iterator Victim(std::vector<Reading>& reading) const {
    auto now = Clock::now();
    std::map<PeerKey, size_t> per_peer;
    for (const auto& r : reading) ++per_peer[r.peer];
    auto best = reading.end();
    size_t best_count = 0;
    for (auto it = reading.begin(); it != reading.end(); ++it) {
      size_t n = per_peer[it->peer];
      auto grace = n > PeerBudget() ? EvictOverBudgetAfter() : EvictAfter();
      if (now - it->accepted < grace) continue;
      if (best == reading.end() || n > best_count ||
          (n == best_count && it->accepted < best->accepted)) {
        best = it;
        best_count = n;
      }
    }
    return best;
  }

  void AcceptAll(std::vector<Reading>& reading) {
    // Bounded per round (the rest next round), but large enough to drain a
    // full kernel backlog at once: a scrape queued behind a thousand idle
    // connections is reached in one round.
    for (int i = 0; i < 1024; ++i) {
      if (reading.size() + in_service_.load() >= options_.max_connections) {
        // Full: evict a slow or idle reader so it cannot lock out a
        // well-behaved client; if none qualifies, new clients wait in the
        // kernel's listen backlog until a slot frees.
        auto victim = Victim(reading);
        if (victim == reading.end()) return;
        reading.erase(victim);
        ++evicted_;
      }
      sockaddr_storage peer{};
      socklen_t peer_len = sizeof peer;
      int fd = ::accept4(listen_.get(), reinterpret_cast<sockaddr*>(&peer), &peer_len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;  // next one (bounded loop)
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of fds or memory: the listener stays readable, so polling it
          // again at once would spin. Free an fd (the best victim, else the
          // oldest reader) and stop polling the listener for a moment.
          auto victim = Victim(reading);
          if (victim == reading.end())
            victim = std::min_element(
                reading.begin(), reading.end(),
                [](const Reading& a, const Reading& b) { return a.accepted < b.accepted; });
          if (victim != reading.end()) {
            reading.erase(victim);
            ++evicted_;
          }
          accept_paused_until_ = Clock::now() + kAcceptBackoff;
          ++accept_backoffs_;
        }
        return;  // EAGAIN: the backlog is empty
      }
      auto now = Clock::now();
      Reading r{UniqueFd(fd), {}, ConnectedAt(fd, now), KeyOf(peer)};
      // A client usually sends its head with the handshake: read it now, so
      // a scrape needs no reader slot at all.
      if (!ReadSome(r)) continue;  // closed, or handed to a worker
      reading.push_back(std::move(r));
    }
  }

  // Reads what is there. False when the connection left the poll set.
  bool ReadSome(Reading& r) {
    char chunk[2048];
    int interrupted = 0;
    for (;;) {
      ssize_t n = ::recv(r.fd.get(), chunk, sizeof chunk, 0);
      if (n == 0) return false;  // peer closed before a full head
      if (n < 0) {
        // Bounded: a storm of EINTR leaves the rest for the next poll round.
        if (errno == EINTR) {
          if (++interrupted <= kMaxEintrRetries) continue;
          return true;  // still in the poll set
        }
        return errno == EAGAIN || errno == EWOULDBLOCK;
      }
      r.buf.append(chunk, static_cast<size_t>(n));
      auto end = FindHeadEnd(r.buf);
      if (end && *end <= options_.max_head_bytes) {
        Dispatch(std::move(r), *end);
        return false;
      }
      if (r.buf.size() > options_.max_head_bytes) {
        Job job{std::move(r.fd), {}, true, 431};
        Enqueue(std::move(job));
        return false;
      }
    }
  }

  void Dispatch(Reading r, size_t head_end) {
    Job job;
    job.fd = std::move(r.fd);
    auto req = ParseHttpRequest(std::string_view(r.buf).substr(0, head_end));
    if (!req) {
      job.status = 400;
    } else {
      job.request = std::move(*req);
      job.request.received_at = Clock::now();
      auto length = job.request.Header("content-length");
      bool has_body = (length && *length != "0") || job.request.Header("transfer-encoding");
      if (has_body)
        job.status = 413;  // no endpoint takes a body: the payload limit is zero
      else if (job.request.method != "GET" && job.request.method != "HEAD")
        job.status = 405;
    }
    Enqueue(std::move(job));
  }

  void Enqueue(Job job) {
    ++in_service_;
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    jobs_cv_.notify_one();
  }

  void Work() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mu_);
        jobs_cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping; queued jobs are answered first
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      HttpResponse response;
      if (job.status != 0) {
        response.status = job.status;
        response.body = std::string(StatusText(job.status)) + "\n";
      } else {
        response = handler_(job.request);
      }
      bool head_only = job.request.method == "HEAD";
      WriteAll(job.fd.get(), Serialize(response, head_only),
               base::Deadline::After(options_.write_timeout));
      // Half-close, then close: the client reads the whole response.
      ::shutdown(job.fd.get(), SHUT_WR);
      job.fd.Reset();
      --in_service_;
    }
  }

  HttpServerOptions options_;
  HttpHandler handler_;
  UniqueFd listen_;
  UniqueFd wake_;
  uint16_t port_;
  static constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);
  std::atomic<size_t> in_service_{0};
  Clock::time_point accept_paused_until_{};  // poller thread only
  std::atomic<uint64_t> evicted_{0};
  std::atomic<uint64_t> accept_backoffs_{0};
  std::mutex mu_;
  std::condition_variable jobs_cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread poller_;
};

base::Result<UniqueFd> Listen(const std::string& address, uint16_t port, uint16_t& bound);

// ":PORT": every address, IPv6 and IPv4 on one dual-stack socket where the
// kernel has IPv6, else IPv4 only (as node_exporter's ":9100").
base::Result<UniqueFd> ListenEverywhere(uint16_t port, uint16_t& bound) {
  auto v6 = Listen("::", port, bound);
  if (v6 || v6.error().errnum != EAFNOSUPPORT) return v6;
  return Listen("0.0.0.0", port, bound);
}

base::Result<UniqueFd> Listen(const std::string& address, uint16_t port, uint16_t& bound) {
  if (address.empty()) return ListenEverywhere(port, bound);
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof *v4;
  } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof *v6;
  } else {
    return base::MakeError(base::ErrorKind::kUsage,
                           fmt::format("--listen: '{}' is not an IP address", address));
  }
  UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return base::ErrorFromErrno(errno, "socket");
  int on = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (family == AF_INET6 && address == "::") {
    int off = 0;  // dual-stack whatever net.ipv6.bindv6only says
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  }
  std::string where = family == AF_INET6 ? fmt::format("[{}]:{}", address, port)
                                         : fmt::format("{}:{}", address, port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0)
    return base::ErrorFromErrno(errno, "cannot bind " + where);
  if (::listen(fd.get(), 1024) != 0) return base::ErrorFromErrno(errno, "listen on " + where);
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0)
    return base::ErrorFromErrno(errno, "getsockname");
  bound = ntohs(family == AF_INET6 ? v6->sin6_port : v4->sin_port);
  return fd;
}

}  // namespace

base::Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                            HttpHandler handler) {
  uint16_t bound = 0;
  auto fd = Listen(options.address, options.port, bound);
  if (!fd) return fd.error();
  UniqueFd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake.valid()) return base::ErrorFromErrno(errno, "eventfd");
  return std::unique_ptr<HttpServer>(
      new Server(options, std::move(handler), std::move(*fd), std::move(wake), bound));
}

base::Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view text) {
  auto bad = [&] {
    return base::MakeError(base::ErrorKind::kUsage,
                           fmt::format("--listen '{}': expected ADDR:PORT such as 127.0.0.1:9977, "
                                       "[::1]:9977 or :9977 (every address)",
                                       text));
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad();
  std::string_view host = text.substr(0, colon);  // empty (":9977"): every address
  std::string_view port_text = text.substr(colon + 1);
  if (host.empty()) {
  } else if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return bad();  // IPv6 needs brackets
  }
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty())
    return bad();
  return std::pair<std::string, uint16_t>(std::string(host), static_cast<uint16_t>(port));
}

std::string_view StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

}  // namespace sockscope::exporter
