// Issue 12: the exporter cannot be starved. One local client holding a
// thousand idle or dripping connections must not delay a scrape past its
// deadline, and running out of file descriptors in accept4 must not spin.
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "base/unique_fd.h"
#include "exporter/http_server.h"
#include "support/http_get.h"

namespace sockscope::exporter {
namespace {

using namespace std::chrono_literals;
using testing::HttpGet;
using Clock = std::chrono::steady_clock;

// Prometheus' default scrape timeout.
constexpr auto kScrapeDeadline = 5000ms;

std::unique_ptr<HttpServer> StartServer() {
  HttpServerOptions o;
  o.port = 0;
  o.workers = 4;
  o.max_connections = 64;  // serve's default
  auto s = HttpServer::Start(o, [](const HttpRequest&) {
    HttpResponse r;
    r.body = "sockscope_up 1\n";
    return r;
  });
  EXPECT_TRUE(s) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

base::UniqueFd Connect(uint16_t port) {
  base::UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return {};
  return fd;
}

// Raises the soft fd limit to the hard one; false when that is below `need`.
bool EnsureFdLimit(rlim_t need) {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return false;
  if (rl.rlim_cur < need && rl.rlim_max >= need) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  ::getrlimit(RLIMIT_NOFILE, &rl);
  return rl.rlim_cur >= need;
}

// Scrapes once; the answer must arrive, complete, within the deadline.
Clock::duration ExpectScrapeAnswered(uint16_t port) {
  auto start = Clock::now();
  auto r = HttpGet("127.0.0.1", port, "/metrics", kScrapeDeadline);
  auto took = Clock::now() - start;
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  if (r) {
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "sockscope_up 1\n");
  }
  EXPECT_LT(took, kScrapeDeadline);
  return took;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

TEST(HttpServerStarvation, ThousandIdleConnectionsDoNotDelayAScrapeIssue12) {
  if (!EnsureFdLimit(1200)) GTEST_SKIP() << "needs an fd limit of at least 1200";
  auto server = StartServer();
  ASSERT_TRUE(server);
  std::vector<base::UniqueFd> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(Connect(server->port()));
    ASSERT_TRUE(idle.back().valid()) << "connection " << i;
  }
  std::this_thread::sleep_for(700ms);  // held, not just made
  for (int round = 0; round < 3; ++round) {
    auto took = ExpectScrapeAnswered(server->port());
    std::printf("scrape %d with 1000 idle connections held: %.1f ms\n", round, Ms(took));
  }
  EXPECT_GT(server->stats().evicted, 0u);
}

TEST(HttpServerStarvation, DrippingConnectionsDoNotDelayAScrapeIssue12) {
  if (!EnsureFdLimit(1200)) GTEST_SKIP() << "needs an fd limit of at least 1200";
  auto server = StartServer();
  ASSERT_TRUE(server);
  std::vector<base::UniqueFd> drip;
  for (int i = 0; i < 1000; ++i) drip.push_back(Connect(server->port()));
  std::atomic<bool> stop{false};
  // Each connection sends one more byte of a head every 100 ms (slowloris).
  std::thread dripper([&] {
    const std::string head = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: aaaaaaaaaaaaaaaa\r\n\r\n";
    for (size_t k = 0; !stop.load(); k = (k + 1) % 40) {
      for (auto& fd : drip)
        if (fd.valid()) [[maybe_unused]]
          auto n = ::send(fd.get(), &head[k], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      std::this_thread::sleep_for(100ms);
    }
  });
  std::this_thread::sleep_for(700ms);
  for (int round = 0; round < 3; ++round) {
    auto took = ExpectScrapeAnswered(server->port());
    std::printf("scrape %d with 1000 dripping connections: %.1f ms\n", round, Ms(took));
  }
  stop = true;
  dripper.join();
}

long CpuMs() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000L;
}

int OpenFds() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d)) ++n;
    ::closedir(d);
  }
  return n - 3;  // ".", ".." and the directory's own fd
}

TEST(HttpServerStarvation, AcceptOutOfFdsBacksOffInsteadOfSpinningIssue12) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  uint16_t port = server->port();
  // The limit is lowered before any client connects: lowered after, the
  // server could have accepted every connection already (a slow parent
  // under sanitizers) and never meet EMFILE.
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &old), 0);
  rlimit low = old;
  low.rlim_cur = static_cast<rlim_t>(OpenFds() + 4);  // a few accepts, then EMFILE
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  // The clients live in a child, so they do not use this process's fds; it
  // takes its limit back up to open them.
  pid_t child = ::fork();
  if (child < 0) ::setrlimit(RLIMIT_NOFILE, &old);
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::setrlimit(RLIMIT_NOFILE, &old);
    int fds[200];
    for (int& fd : fds) {
      fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    ::sleep(30);
    ::_exit(0);
  }
  std::this_thread::sleep_for(300ms);
  long cpu_before = CpuMs();
  auto wall_before = Clock::now();
  std::this_thread::sleep_for(1500ms);
  long cpu_ms = CpuMs() - cpu_before;
  double wall_ms = Ms(Clock::now() - wall_before);
  uint64_t backoffs = server->stats().accept_backoffs;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &old), 0);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  std::printf("accept4 out of fds: %ld ms CPU over %.0f ms, %llu back-offs\n", cpu_ms, wall_ms,
              static_cast<unsigned long long>(backoffs));
  EXPECT_GT(backoffs, 0u) << "accept4 never ran out of fds: the test did not test anything";
  // A spinning poller burns the whole window; backing off costs a few ms.
  EXPECT_LT(cpu_ms, static_cast<long>(wall_ms / 5)) << "the poller spins on EMFILE";
  ExpectScrapeAnswered(port);  // and it serves again once fds are back
}

}  // namespace
}  // namespace sockscope::exporter
