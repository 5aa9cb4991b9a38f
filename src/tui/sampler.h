// Sampler: the worker thread of `sockscope top`. It collects a snapshot every
// interval, runs the diagnosis on it and the previous one, and leaves the
// result for the UI thread, so a slow collection never freezes the screen
// (every kernel query inside has its own deadline, so each collection ends).
//
// Thread-safety: every public member may be called from the UI thread while
// the worker runs. The destructor stops the worker and joins it; it may wait
// for a collection under way to finish.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "tui/sample.h"

namespace sockscope::tui {

class Sampler {
 public:
  // Starts collecting at once. `collect` runs on the worker thread only.
  Sampler(CollectFn collect, std::chrono::nanoseconds interval);
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // The newest sample not taken yet (older unread ones are dropped).
  std::optional<Sample> TakeLatest();
  // While paused no collection starts.
  void SetPaused(bool paused);
  // True when a collection has run for longer than `limit`.
  bool CollectingLongerThan(std::chrono::nanoseconds limit) const;

 private:
  void Run();

  CollectFn collect_;
  std::chrono::nanoseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;                                                // guarded by mu_
  bool paused_ = false;                                              // guarded by mu_
  std::optional<Sample> latest_;                                     // guarded by mu_
  std::optional<std::chrono::steady_clock::time_point> busy_since_;  // guarded by mu_
  std::thread worker_;  // last: starts after every other member is ready
};

}  // namespace sockscope::tui
