// `sockscope serve` end to end, in a private network namespace: a stuck
// listener (backlog 4, never accepts, 10 clients) must appear in /metrics
// with its accept queue and the accept-queue-full finding, the output must
// pass `promtool check metrics`, and a real Prometheus server scraping the
// exporter must answer a PromQL query with the queue length.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "command_support.h"
#include "netns_support.h"
#include "netns_test_support.h"
#include "serve_support.h"
#include "socket_support.h"
#include "support/http_get.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using Serve = NetnsTest;

constexpr uint16_t kServePort = 9977;  // private namespace: no clash with the host
constexpr uint16_t kPrometheusPort = 9090;

struct StuckListener {
  UniqueFd listener;
  std::vector<UniqueFd> clients;
  uint16_t port = 0;
};

StuckListener MakeStuckListener() {
  StuckListener s;
  s.listener = TcpListen("127.0.0.1", 0, /*backlog=*/4);
  s.port = LocalPort(s.listener);
  for (int i = 0; i < 10; ++i) s.clients.push_back(TcpConnectStart("127.0.0.1", s.port));
  return s;
}

std::optional<std::string> Scrape() {
  auto r = HttpGet("127.0.0.1", kServePort, "/metrics", 6s);
  if (!r || r->status != 200) return std::nullopt;
  return r->body;
}

bool HasSample(const std::string& body, const std::string& metric, uint16_t port,
               const std::string& value) {
  std::string needle = "address=\"127.0.0.1\",port=\"" + std::to_string(port) + "\"";
  size_t at = 0;
  while ((at = body.find(metric + "{netns=", at)) != std::string::npos) {
    size_t eol = body.find('\n', at);
    std::string line = body.substr(at, eol - at);
    if (line.find(needle) != std::string::npos && line.size() > value.size() &&
        line.compare(line.size() - value.size() - 1, value.size() + 1, " " + value) == 0)
      return true;
    at = eol;
  }
  return false;
}

TEST_F(Serve, ExportsAStuckListenerAndPassesPromtool) {
  StuckListener stuck = MakeStuckListener();
  TempDir dir;
  BackgroundProcess serve(
      {SOCKSCOPE_BINARY, "serve", "--listen", "127.0.0.1:" + std::to_string(kServePort)},
      dir.File("serve.log"));
  std::string body;
  bool ok = WaitUntil(
      [&] {
        auto b = Scrape();
        if (b) body = *b;
        return b && HasSample(body, "sockscope_listener_accept_queue_length", stuck.port, "5");
      },
      Millis(15000));
  ASSERT_TRUE(ok) << "last scrape:\n" << body << "\nlog:\n" << ReadWholeFile(dir.File("serve.log"));
  EXPECT_TRUE(HasSample(body, "sockscope_listener_accept_queue_max", stuck.port, "4")) << body;
  EXPECT_NE(body.find("sockscope_finding{id=\"accept-queue-full\",netns=\""), std::string::npos)
      << body;
  // The finding's value is its severity: 3, critical.
  EXPECT_NE(body.find("port=\"" + std::to_string(stuck.port) + "\"} 3"), std::string::npos);
  EXPECT_NE(body.find("sockscope_collector_success{collector=\"sock_diag\"} 1"), std::string::npos);

  if (!OnPath("promtool")) {
    GTEST_SKIP() << "promtool not installed: skipping `promtool check metrics`";
  }
  std::ofstream(dir.File("metrics.txt")) << body;
  auto check = RunCommand({"/bin/sh", "-c", "promtool check metrics < " + dir.File("metrics.txt")},
                          Millis(20000));
  EXPECT_EQ(check.exit_code, 0) << check.Describe() << "\n" << check.out;
}

TEST_F(Serve, PrometheusScrapesTheAcceptQueue) {
  if (!OnPath("prometheus")) GTEST_SKIP() << "prometheus not installed";
  StuckListener stuck = MakeStuckListener();
  TempDir dir;
  // Prometheus creates the TSDB directory tree itself; it is removed below,
  // before TempDir removes its own files.
  std::string storage = dir.File("tsdb");
  std::ofstream(dir.File("prometheus.yml"))
      << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
      << "scrape_configs:\n  - job_name: sockscope\n    static_configs:\n"
      << "      - targets: ['127.0.0.1:" << kServePort << "']\n";
  {
    BackgroundProcess serve(
        {SOCKSCOPE_BINARY, "serve", "--listen", "127.0.0.1:" + std::to_string(kServePort)},
        dir.File("serve.log"));
    BackgroundProcess prometheus(
        {"prometheus", "--config.file=" + dir.File("prometheus.yml"),
         "--storage.tsdb.path=" + storage,
         "--web.listen-address=127.0.0.1:" + std::to_string(kPrometheusPort)},
        dir.File("prometheus.log"));
    std::string query = "/api/v1/query?query=sockscope_listener_accept_queue_length%7Bport%3D%22" +
                        std::to_string(stuck.port) + "%22%7D";
    std::string last;
    bool ok = WaitUntil(
        [&] {
          auto r = HttpGet("127.0.0.1", kPrometheusPort, query, 2s);
          if (!r || r->status != 200) return false;
          last = r->body;
          auto doc = nlohmann::json::parse(r->body, nullptr, false);
          if (doc.is_discarded() || doc.value("status", "") != "success") return false;
          const auto& result = doc["data"]["result"];
          return result.is_array() && result.size() == 1 && result[0]["value"][1] == "5";
        },
        Millis(30000));
    EXPECT_TRUE(ok) << "last answer: " << last << "\nprometheus log:\n"
                    << ReadWholeFile(dir.File("prometheus.log")).substr(0, 4000);
  }  // both processes killed and reaped here
  RunCommand({"rm", "-rf", storage});
}

// One series of `metric` in namespace `netns` for port `port`, or "" when
// the scrape has none; the value is what follows the labels.
std::string SampleIn(const std::string& body, const std::string& metric, uint64_t netns,
                     uint16_t port) {
  const std::string start = metric + "{netns=\"" + std::to_string(netns) + "\"";
  const std::string port_label = "port=\"" + std::to_string(port) + "\"";
  size_t at = 0;
  while ((at = body.find(start, at)) != std::string::npos) {
    size_t eol = body.find('\n', at);
    std::string line = body.substr(at, eol - at);
    if (line.find(port_label) != std::string::npos) return line.substr(line.rfind(' ') + 1);
    at = eol;
  }
  return "";
}

// Issue 14: `-N all serve` exports the listeners of every namespace, each
// labelled with its own namespace; a namespace that goes away between
// scrapes leaves no series behind.
TEST_F(Serve, Issue14EveryNamespaceIsExportedAndAVanishedOneLeavesNoSeries) {
  HolderChild first(8080, /*backlog=*/8, /*connections=*/4);
  HolderChild second(8080, /*backlog=*/8, /*connections=*/4);
  ASSERT_NE(first.inode(), second.inode());
  TempDir dir;
  BackgroundProcess serve({SOCKSCOPE_BINARY, "-N", "all", "serve", "--listen",
                           "127.0.0.1:" + std::to_string(kServePort)},
                          dir.File("serve.log"));
  const std::string metric = "sockscope_listener_accept_queue_length";
  std::string body;
  bool both = WaitUntil(
      [&] {
        auto b = Scrape();
        if (b) body = *b;
        return b && SampleIn(body, metric, first.inode(), 8080) == "4" &&
               SampleIn(body, metric, second.inode(), 8080) == "4";
      },
      Millis(15000));
  ASSERT_TRUE(both) << "last scrape:\n"
                    << body << "\nlog:\n"
                    << ReadWholeFile(dir.File("serve.log"));
  const std::string first_label = "netns=\"" + std::to_string(first.inode()) + "\"";
  first.Kill();
  bool gone = WaitUntil(
      [&] {
        auto b = Scrape();
        if (b) body = *b;
        return b && body.find(first_label) == std::string::npos &&
               SampleIn(body, metric, second.inode(), 8080) == "4";
      },
      Millis(15000));
  EXPECT_TRUE(gone) << "series of the vanished namespace remain:\n" << body;
}

}  // namespace
}  // namespace sockscope::testing
