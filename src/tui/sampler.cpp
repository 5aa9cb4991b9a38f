#include "tui/sampler.h"

#include <exception>

#include "diagnose/diagnose.h"

namespace sockscope::tui {

Sampler::Sampler(CollectFn collect, std::chrono::nanoseconds interval)
    : collect_(std::move(collect)), interval_(interval), worker_([this] { Run(); }) {}

Sampler::~Sampler() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

std::optional<Sample> Sampler::TakeLatest() {
  std::lock_guard lock(mu_);
  std::optional<Sample> out = std::move(latest_);
  latest_.reset();
  return out;
}

void Sampler::SetPaused(bool paused) {
  {
    std::lock_guard lock(mu_);
    paused_ = paused;
  }
  wake_.notify_all();
}

bool Sampler::CollectingLongerThan(std::chrono::nanoseconds limit) const {
  std::lock_guard lock(mu_);
  return busy_since_ && std::chrono::steady_clock::now() - *busy_since_ > limit;
}

void Sampler::Run() {
  std::shared_ptr<const model::Snapshot> previous;
  while (true) {
    auto started = std::chrono::steady_clock::now();
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stop_ || !paused_; });
      if (stop_) return;
      busy_since_ = started;
    }
    Sample sample;
    // An exception escaping a thread would end the process with the terminal
    // still in curses mode; it becomes a note on an empty snapshot instead.
    try {
      auto current = std::make_shared<const model::Snapshot>(collect_());
      diagnose::DiagnoseInput input{previous.get(), *current, std::chrono::nanoseconds(0)};
      sample.findings = diagnose::Diagnose(input);
      sample.previous = previous;
      sample.current = current;
      previous = current;
    } catch (const std::exception& e) {
      auto failed = std::make_shared<model::Snapshot>();
      failed->monotonic_at = std::chrono::steady_clock::now();
      failed->notes.push_back({model::NoteLevel::kError, "top", e.what()});
      sample.current = failed;
      previous.reset();
    }
    std::unique_lock lock(mu_);
    busy_since_.reset();
    latest_ = std::move(sample);
    wake_.wait_until(lock, started + interval_, [this] { return stop_; });
    if (stop_) return;
  }
}

}  // namespace sockscope::tui
