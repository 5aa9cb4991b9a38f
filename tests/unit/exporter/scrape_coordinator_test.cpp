// ScrapeCoordinator with fake collection functions: single-flight, answers
// within the deadline when the collection hangs, clean recovery afterwards.
#include "exporter/scrape_coordinator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace sockscope::exporter {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

Collection Healthy() {
  Collection c;
  c.snapshot = std::make_shared<model::Snapshot>();
  for (auto& r : c.runs) r = CollectorRun{true, true, 1ms};
  c.finished_at = std::chrono::system_clock::now();
  return c;
}

// A gate the test opens to let a hanging collection finish.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, 10s, [&] { return open_; });  // bounded even if a test fails
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(ScrapeCoordinator, FiftyConcurrentScrapesShareOneCollection) {
  std::atomic<int> calls{0};
  Gate gate;
  ScrapeCoordinator coordinator([&](Progress&) {
    ++calls;
    gate.Wait();  // hold the flight until every scrape has joined it
    return Healthy();
  });
  std::atomic<int> fresh{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i)
    threads.emplace_back([&] {
      auto r = coordinator.Scrape(base::Deadline::After(5s));
      if (r.collection) ++fresh;
    });
  // Every scrape has counted itself once scrapes_total reaches 50.
  for (int i = 0; i < 500; ++i) {
    std::this_thread::sleep_for(2ms);
    if (calls.load() == 1) break;
  }
  std::this_thread::sleep_for(100ms);
  gate.Open();
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(fresh.load(), 50);
  EXPECT_EQ(coordinator.collections_started(), 1u);
}

TEST(ScrapeCoordinator, HangingCollectionAnswersEachScrapeWithinItsDeadline) {
  Gate gate;
  std::atomic<int> calls{0};
  ScrapeCoordinator coordinator([&](Progress& progress) {
    if (++calls == 1) {
      progress.current.store(static_cast<int>(CollectorId::kSockDiag));
      gate.Wait();  // a sock_diag dump stuck in the kernel
    }
    return Healthy();
  });
  for (int i = 0; i < 3; ++i) {
    auto start = Clock::now();
    auto r = coordinator.Scrape(base::Deadline::After(200ms));
    auto took = Clock::now() - start;
    EXPECT_LT(took, 400ms);
    EXPECT_EQ(r.collection, nullptr);
    for (const auto& h : r.health) EXPECT_FALSE(h.success) << h.name;
    // One timeout per stuck collection, charged to the collector running.
    EXPECT_EQ(r.health[0].name, "sock_diag");
    EXPECT_EQ(r.health[0].timeouts_total, 1u);
    EXPECT_EQ(r.health[1].timeouts_total, 0u);
  }
  EXPECT_EQ(coordinator.collections_started(), 1u);  // joined, not piled up

  gate.Open();  // the stuck query reaches its own deadline
  std::this_thread::sleep_for(50ms);
  auto r = coordinator.Scrape(base::Deadline::After(2s));
  ASSERT_NE(r.collection, nullptr);
  for (const auto& h : r.health) EXPECT_TRUE(h.success) << h.name;
  EXPECT_GT(r.health[0].last_success_unix, 0);
  EXPECT_EQ(coordinator.collections_started(), 2u);  // a fresh collection, not the late one
  EXPECT_EQ(calls.load(), 2);
}

TEST(ScrapeCoordinator, CountsErrorsPerCollector) {
  ScrapeCoordinator coordinator([](Progress&) {
    Collection c = Healthy();
    c.runs[static_cast<size_t>(CollectorId::kOwners)].ok = false;
    return c;
  });
  for (int i = 0; i < 2; ++i) (void)coordinator.Scrape(base::Deadline::After(2s));
  auto r = coordinator.Scrape(base::Deadline::After(2s));
  EXPECT_EQ(r.health[1].name, "owners");
  EXPECT_FALSE(r.health[1].success);
  EXPECT_EQ(r.health[1].errors_total, 3u);
  EXPECT_EQ(r.health[0].errors_total, 0u);
  EXPECT_EQ(r.scrapes_total, 3u);
}

}  // namespace
}  // namespace sockscope::exporter
