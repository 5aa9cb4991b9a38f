// ScrapeCoordinator: runs collections on one collector thread and lets any
// number of scrapes share them (single-flight), each waiting only until its
// own deadline.
//
// - A scrape that finds no collection in flight starts one; scrapes arriving
//   while one runs join it. N concurrent scrapes cost one collection.
// - A scrape whose deadline passes before the collection ends is answered
//   without data (collection == nullptr): every collector reports success 0,
//   and the collector that was running is charged one timeout (once per
//   collection, however many scrapes gave up on it).
// - A collection that ends after everyone gave up is not served to later
//   scrapes (its data is already old); it still updates the error counters
//   and last-success times. The next scrape starts a fresh collection. Since
//   every kernel query has its own deadline, a stuck collection ends by itself.
//
// Thread-safe: Scrape may be called from any number of threads. The
// destructor waits for a running collection to end.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "base/deadline.h"
#include "exporter/collection.h"
#include "exporter/log.h"
#include "render/prometheus.h"

namespace sockscope::exporter {

using CollectFn = std::function<Collection(Progress&)>;

struct ScrapeResult {
  std::shared_ptr<const Collection> collection;  // null: late, no fresh data
  std::array<render::CollectorHealth, kCollectorCount> health{};
  uint64_t scrapes_total = 0;  // including this one
};

class ScrapeCoordinator {
 public:
  // `log` (may be null) hears of failed collectors and missed deadlines,
  // at most once a minute per collector.
  explicit ScrapeCoordinator(CollectFn collect, Log* log = nullptr);
  ~ScrapeCoordinator();
  ScrapeCoordinator(const ScrapeCoordinator&) = delete;
  ScrapeCoordinator& operator=(const ScrapeCoordinator&) = delete;

  // Waits for the shared collection until `deadline` at most.
  ScrapeResult Scrape(const base::Deadline& deadline);

  uint64_t collections_started() const;
  // True when no collection is in flight (a stuck one has ended).
  bool Idle() const;

 private:
  struct Flight {
    bool started = false;
    bool done = false;
    bool timeout_charged = false;
    std::shared_ptr<const Collection> result;
  };
  void Loop();
  ScrapeResult Report(const Flight& flight, uint64_t scrapes) const;  // mu_ held

  CollectFn collect_;
  Log* log_ = nullptr;
  Progress progress_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // the collector thread waits for a flight
  std::condition_variable done_cv_;  // scrapes wait for their flight
  std::shared_ptr<Flight> current_;  // the flight in progress, or null
  bool stop_ = false;
  uint64_t scrapes_ = 0;
  uint64_t collections_ = 0;
  std::array<uint64_t, kCollectorCount> timeouts_{};
  std::array<uint64_t, kCollectorCount> errors_{};
  std::array<double, kCollectorCount> last_success_unix_{};
  std::thread thread_;  // last: started when everything above exists
};

}  // namespace sockscope::exporter
