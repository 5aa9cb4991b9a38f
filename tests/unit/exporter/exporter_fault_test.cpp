// In-process fault test: the Exporter on an Environment whose netlink never
// answers (the scripted fake transport) and a real /proc. A scrape must be
// answered within its deadline with sock_diag reported failed, and once the
// stuck collection has ended and netlink is healthy again, the next scrape
// is healthy.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "exporter/exporter.h"
#include "fakes/fake_netlink.h"
#include "procfs/proc_fs.h"
#include "support/http_get.h"
#include "sys/files.h"

namespace sockscope::exporter {
namespace {

using namespace std::chrono_literals;
using sockscope::testing::HttpGet;
using Clock = std::chrono::steady_clock;

// Delegates to a silent fake or to the real kernel; the test flips it while
// the collector thread may be opening sockets, hence the atomic.
class SwitchableOpener final : public sys::NetlinkOpener {
 public:
  SwitchableOpener()
      : silent_({testing::FakeScript{0, {testing::Silence()}}}, /*repeat_last=*/true) {}
  void SetHealthy(bool healthy) { healthy_.store(healthy); }
  base::Result<std::unique_ptr<sys::NetlinkSocket>> Open(int protocol,
                                                         size_t receive_buffer) override {
    if (healthy_.load()) return sys::RealNetlinkOpener().Open(protocol, receive_buffer);
    return silent_.Open(protocol, receive_buffer);  // only the collector thread gets here
  }

 private:
  testing::FakeNetlinkOpener silent_;
  std::atomic<bool> healthy_{false};
};

TEST(ExporterFault, HungNetlinkIsReportedWithinTheScrapeDeadline) {
  auto proc = procfs::MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc) << proc.error().message;
  SwitchableOpener opener;
  collect::Environment env{&opener, proc->get()};
  collect::CollectOptions collect;
  // The per-query deadline that ends the stuck dump. Its first dump alone
  // (half of it, with /proc to fall back to) outlasts the scrape's 1 s,
  // however many tables the namespace's socket counts leave to dump.
  collect.timeout = 3s;

  ExporterOptions options;
  options.http.port = 0;
  options.scrape_timeout = 1s;
  options.version = "test";
  auto exp = Exporter::Start(options, env, collect);
  ASSERT_TRUE(exp) << exp.error().message;
  uint16_t port = (*exp)->port();

  auto start = Clock::now();
  auto first = HttpGet("127.0.0.1", port, "/metrics", 5s);
  auto took = Clock::now() - start;
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->status, 200);
  EXPECT_LT(took, 1500ms);
  EXPECT_NE(first->body.find("sockscope_collector_success{collector=\"sock_diag\"} 0\n"),
            std::string::npos)
      << first->body;
  EXPECT_NE(first->body.find("sockscope_collector_timeouts_total{collector=\"sock_diag\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(first->body.find("sockscope_listener_accept_queue_length"), std::string::npos)
      << "no stale or partial listener data on a late scrape";

  opener.SetHealthy(true);
  // The stuck collection ends by itself (its dump deadline, then /proc).
  for (int i = 0; i < 100 && !(*exp)->coordinator().Idle(); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_TRUE((*exp)->coordinator().Idle());

  auto second = HttpGet("127.0.0.1", port, "/metrics", 5s);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(second->body.find("sockscope_collector_success{collector=\"sock_diag\"} 1\n"),
            std::string::npos)
      << second->body;
  EXPECT_NE(second->body.find("sockscope_collector_success{collector=\"proc\"} 1\n"),
            std::string::npos);
  EXPECT_NE(second->body.find("# TYPE sockscope_listener_accept_queue_length gauge"),
            std::string::npos);
  // The timeout stays counted; the late collection was not served.
  EXPECT_NE(second->body.find("sockscope_collector_timeouts_total{collector=\"sock_diag\"} 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace sockscope::exporter
