#include "exporter/scrape_coordinator.h"

#include <chrono>

namespace sockscope::exporter {

namespace {

constexpr auto kLogEvery = std::chrono::minutes(1);

}  // namespace

ScrapeCoordinator::ScrapeCoordinator(CollectFn collect, Log* log)
    : collect_(std::move(collect)), log_(log), thread_([this] { Loop(); }) {}

ScrapeCoordinator::~ScrapeCoordinator() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  done_cv_.notify_all();
  thread_.join();
}

uint64_t ScrapeCoordinator::collections_started() const {
  std::lock_guard lock(mu_);
  return collections_;
}

bool ScrapeCoordinator::Idle() const {
  std::lock_guard lock(mu_);
  return current_ == nullptr;
}

ScrapeResult ScrapeCoordinator::Scrape(const base::Deadline& deadline) {
  std::unique_lock lock(mu_);
  uint64_t scrapes = ++scrapes_;
  std::shared_ptr<Flight> flight = current_;
  if (!flight) {
    flight = std::make_shared<Flight>();
    current_ = flight;
    ++collections_;
    work_cv_.notify_one();
  }
  done_cv_.wait_until(lock, deadline.when(), [&] { return flight->done || stop_; });
  int late = -1;
  if (!flight->done && !flight->timeout_charged) {
    flight->timeout_charged = true;
    int running = progress_.current.load();
    // Not started yet (the thread was still busy): blame the first collector.
    if (running < 0) running = 0;
    ++timeouts_[static_cast<size_t>(running)];
    late = running;
  }
  ScrapeResult result = Report(*flight, scrapes);
  lock.unlock();
  if (late >= 0 && log_) {
    const std::string_view name = CollectorName(static_cast<CollectorId>(late));
    log_->WarnLimited("timeout:" + std::string(name), kLogEvery,
                      "scrape deadline passed while a collector ran; the scrape reports the "
                      "previous state as missing",
                      {{"collector", name}});
  }
  return result;
}

ScrapeResult ScrapeCoordinator::Report(const Flight& flight, uint64_t scrapes) const {
  ScrapeResult r;
  r.scrapes_total = scrapes;
  if (flight.done) r.collection = flight.result;
  for (int i = 0; i < kCollectorCount; ++i) {
    auto& h = r.health[static_cast<size_t>(i)];
    h.name = CollectorName(static_cast<CollectorId>(i));
    h.timeouts_total = timeouts_[static_cast<size_t>(i)];
    h.errors_total = errors_[static_cast<size_t>(i)];
    h.last_success_unix = last_success_unix_[static_cast<size_t>(i)];
    if (r.collection) {
      const CollectorRun& run = r.collection->runs[static_cast<size_t>(i)];
      h.success = run.ran && run.ok;
      h.duration_seconds = std::chrono::duration<double>(run.duration).count();
    }
  }
  return r;
}

void ScrapeCoordinator::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stop_ || (current_ && !current_->started); });
    if (stop_) return;
    std::shared_ptr<Flight> flight = current_;
    flight->started = true;
    lock.unlock();
    auto result = std::make_shared<const Collection>(collect_(progress_));
    lock.lock();
    double finished = std::chrono::duration<double>(result->finished_at.time_since_epoch()).count();
    for (size_t i = 0; i < kCollectorCount; ++i) {
      const CollectorRun& run = result->runs[i];
      if (!run.ran) continue;
      if (run.ok)
        last_success_unix_[i] = finished;
      else
        ++errors_[i];
    }
    flight->result = result;
    flight->done = true;
    current_ = nullptr;  // the next scrape starts a fresh collection
    done_cv_.notify_all();
    if (!log_) continue;
    lock.unlock();
    for (size_t i = 0; i < kCollectorCount; ++i) {
      const CollectorRun& run = result->runs[i];
      if (!run.ran || run.ok) continue;
      const auto id = static_cast<CollectorId>(i);
      const std::string_view name = CollectorName(id);
      const std::string reason = FailureReason(*result, id);
      log_->WarnLimited("failed:" + std::string(name), kLogEvery, "collector failed",
                        {{"collector", name}, {"reason", reason}});
    }
    lock.lock();
  }
}

}  // namespace sockscope::exporter
