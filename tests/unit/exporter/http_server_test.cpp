// The exporter's HTTP side under hostile clients: slowloris, a burst of
// parallel scrapes, many sequential scrapes (no leak of memory or fds), and
// the small parsers it relies on.
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "base/unique_fd.h"
#include "build_flags.h"
#include "exporter/exporter.h"
#include "support/http_get.h"

namespace sockscope::exporter {
namespace {

using namespace std::chrono_literals;
using sockscope::testing::HttpGet;
using Clock = std::chrono::steady_clock;

Collection FastCollection(Progress&) {
  std::this_thread::sleep_for(5ms);
  Collection c;
  auto snap = std::make_shared<model::Snapshot>();
  model::Listener l;
  l.local.addr = *model::ParseIpAddr("127.0.0.1");
  l.local.port = 8080;
  snap->listeners.push_back(l);
  c.snapshot = snap;
  for (auto& r : c.runs) r = CollectorRun{true, true, 5ms};
  c.finished_at = std::chrono::system_clock::now();
  return c;
}

std::unique_ptr<Exporter> StartFast(unsigned max_connections = 16) {
  ExporterOptions o;
  o.http.port = 0;
  o.http.max_connections = max_connections;
  o.http.workers = 4;
  o.http.head_timeout = 3s;
  o.scrape_timeout = 1s;
  auto e = Exporter::Start(o, FastCollection);
  EXPECT_TRUE(e) << e.error().message;
  return e ? std::move(*e) : nullptr;
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

// A scrape a well-behaved client makes: must succeed within its deadline.
void ExpectGoodScrape(uint16_t port, std::chrono::milliseconds deadline) {
  auto start = Clock::now();
  auto r = HttpGet("127.0.0.1", port, "/metrics", deadline);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_LT(Clock::now() - start, deadline);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("sockscope_collector_success{collector=\"sock_diag\"} 1"),
            std::string::npos);
}

TEST(HttpServer, SlowlorisDoesNotBlockAGoodScrape) {
  auto exp = StartFast(/*max_connections=*/16);
  ASSERT_TRUE(exp);
  // More slow clients than connection slots, each sending its head one
  // byte per second.
  std::vector<base::UniqueFd> slow;
  for (int i = 0; i < 40; ++i) slow.push_back(Connect(exp->port()));
  const std::string head = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int second = 0; second < 3; ++second) {
    for (auto& fd : slow)
      if (fd.valid()) [[maybe_unused]]
        auto n =
            ::send(fd.get(), &head[static_cast<size_t>(second)], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    ExpectGoodScrape(exp->port(), 1500ms);
    std::this_thread::sleep_for(1s);
  }
}

TEST(HttpServer, BurstOfParallelScrapesDoesNotStarveAGoodOne) {
  auto exp = StartFast(/*max_connections=*/32);
  ASSERT_TRUE(exp);
  std::atomic<int> answered{0};
  std::vector<std::thread> burst;
  for (int i = 0; i < 200; ++i)
    burst.emplace_back([&] {
      auto r = HttpGet("127.0.0.1", exp->port(), "/metrics", 10s);
      if (r && r->status == 200) ++answered;
    });
  ExpectGoodScrape(exp->port(), 2s);
  for (auto& t : burst) t.join();
  EXPECT_EQ(answered.load(), 200);  // queued in the backlog, not refused
  // Single-flight: far fewer collections than scrapes.
  EXPECT_LT(exp->coordinator().collections_started(), 150u);
}

long RssKib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

int OpenFds() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d)) ++n;
    ::closedir(d);
  }
  return n;
}

TEST(HttpServer, MemoryAndFdsStayFlatOverAThousandScrapes) {
  auto exp = StartFast();
  ASSERT_TRUE(exp);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(HttpGet("127.0.0.1", exp->port(), "/metrics", 2s));
  long rss_before = RssKib();
  int fds_before = OpenFds();
  for (int i = 0; i < 1000; ++i) {
    auto r = HttpGet("127.0.0.1", exp->port(), "/metrics", 2s);
    ASSERT_TRUE(r) << i << ": " << r.error().message;
  }
  std::this_thread::sleep_for(100ms);  // workers close their last connections
  // Under AddressSanitizer freed memory sits in a quarantine (build_flags.h).
  if (!sockscope::testing::kAddressSanitizer) {
    EXPECT_LE(RssKib() - rss_before, 4096) << "RSS grew by more than 4 MiB";
  }
  EXPECT_LE(OpenFds(), fds_before + 1);
}

TEST(HttpServer, RefusesBodiesOversizedHeadsAndUnknownPaths) {
  auto exp = StartFast();
  ASSERT_TRUE(exp);
  auto health = HttpGet("127.0.0.1", exp->port(), "/healthz", 2s);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto missing = HttpGet("127.0.0.1", exp->port(), "/nope", 2s);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto body = HttpGet("127.0.0.1", exp->port(), "/metrics", 2s, {"Content-Length: 5"});
  ASSERT_TRUE(body);
  EXPECT_EQ(body->status, 413);
  auto big =
      HttpGet("127.0.0.1", exp->port(), "/metrics", 2s, {"X-Big: " + std::string(9000, 'a')});
  if (big) {
    EXPECT_EQ(big->status, 431);  // or reset before the answer: either way refused
  }
}

TEST(HttpServer, EveryAddressAnswersOnIpv4AndIpv6Loopback) {
  ExporterOptions o;
  o.http.address = "";  // --listen :PORT
  o.http.port = 0;
  o.scrape_timeout = 1s;
  auto exp = Exporter::Start(o, FastCollection);
  ASSERT_TRUE(exp) << exp.error().message;
  auto v4 = HttpGet("127.0.0.1", (*exp)->port(), "/healthz", 2s);
  ASSERT_TRUE(v4) << v4.error().message;
  EXPECT_EQ(v4->status, 200);
  auto v6 = HttpGet("::1", (*exp)->port(), "/healthz", 2s);
  if (!v6 && v6.error().errnum == EADDRNOTAVAIL) GTEST_SKIP() << "no IPv6 loopback here";
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(v6->status, 200);
}

TEST(HttpServer, LandingPageNamesTheExporterAndItsPaths) {
  auto exp = StartFast();
  ASSERT_TRUE(exp);
  auto r = HttpGet("127.0.0.1", exp->port(), "/", 2s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("sockscope"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("href=\"/metrics\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("href=\"/healthz\""), std::string::npos) << r->body;
}

TEST(HttpServer, MetricsAreGzippedWhenTheScraperAsks) {
  auto exp = StartFast();
  ASSERT_TRUE(exp);
  auto plain = HttpGet("127.0.0.1", exp->port(), "/metrics", 2s);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_NE(plain->body.find("sockscope_build_info"), std::string::npos);
  auto packed = HttpGet("127.0.0.1", exp->port(), "/metrics", 2s, {"Accept-Encoding: gzip"});
  ASSERT_TRUE(packed) << packed.error().message;
  EXPECT_EQ(packed->status, 200);
  ASSERT_GE(packed->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed->body[0]), 0x1f);  // gzip magic
  EXPECT_EQ(packed->body.find("sockscope_build_info"), std::string::npos);
}

TEST(HttpRequest, ParsesRequestLineAndHeaders) {
  auto r = ParseHttpRequest(
      "GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->path, "/metrics");
  EXPECT_EQ(r->Header("x-prometheus-scrape-timeout-seconds"), "10");
  EXPECT_FALSE(ParseHttpRequest("GARBAGE\r\n\r\n"));
  EXPECT_FALSE(ParseHttpRequest("GET /x HTTP/1.1\r\nno colon\r\n\r\n"));
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\n"), std::nullopt);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\n\r\nrest"), 18u);
}

TEST(ScrapeBudget, HeaderMinusMarginBoundsTheScrape) {
  EXPECT_EQ(ScrapeBudget(5s, std::nullopt), 5s);
  EXPECT_EQ(ScrapeBudget(5s, "10"), 5s);
  EXPECT_EQ(ScrapeBudget(5s, "1"), 750ms);   // 0.25 s margin
  EXPECT_EQ(ScrapeBudget(5s, "4"), 3600ms);  // 10 % margin
  EXPECT_EQ(ScrapeBudget(5s, "junk"), 5s);
  EXPECT_EQ(ScrapeBudget(5s, "0.1"), 100ms);  // floor
}

TEST(ListenAddress, ParsesIpv4AndBracketedIpv6) {
  auto a = ParseListenAddress("127.0.0.1:9977");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 9977);
  auto b = ParseListenAddress("[::1]:80");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->first, "::1");
  auto every = ParseListenAddress(":9977");  // every address
  ASSERT_TRUE(every);
  EXPECT_EQ(every->first, "");
  EXPECT_EQ(every->second, 9977);
  EXPECT_FALSE(ParseListenAddress("::1:80"));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:99999"));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1"));
}

}  // namespace
}  // namespace sockscope::exporter
