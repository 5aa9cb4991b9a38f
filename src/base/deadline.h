// Deadline: a point on the monotonic clock after which a kernel query gives up.
// Copyable value; thread-safe to read.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace sockscope::base {

using Clock = std::chrono::steady_clock;

class Deadline {
 public:
  static Deadline After(std::chrono::nanoseconds d) { return Deadline(Clock::now() + d); }
  static Deadline At(Clock::time_point t) { return Deadline(t); }

  bool Expired() const { return Clock::now() >= when_; }
  std::chrono::nanoseconds Remaining() const {
    auto left = when_ - Clock::now();
    return left.count() > 0 ? std::chrono::duration_cast<std::chrono::nanoseconds>(left)
                            : std::chrono::nanoseconds(0);
  }
  // Remaining time for poll(): rounded up so a 0.4 ms remainder still waits.
  int RemainingPollMs() const {
    auto ns = Remaining().count();
    if (ns <= 0) return 0;
    auto ms = (ns + 999'999) / 1'000'000;
    return ms > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(ms);
  }
  // The earlier of this and other.
  Deadline Min(const Deadline& other) const {
    return Deadline(when_ < other.when_ ? when_ : other.when_);
  }
  Clock::time_point when() const { return when_; }

 private:
  explicit Deadline(Clock::time_point when) : when_(when) {}
  Clock::time_point when_;
};

// TimeBudget: one --timeout for all the kernel-facing work of a run, spent
// across its phases (the two samples of `check`, a late owner walk). Each
// phase starts a Deadline from what is left and charges what it used, so
// waiting between samples costs nothing. Not thread-safe: owned by the
// thread that runs the phases.
class TimeBudget {
 public:
  explicit TimeBudget(std::chrono::nanoseconds total) : left_(total) {}
  // A deadline for the next phase: now plus what is left.
  Deadline Start() {
    started_ = Clock::now();
    return Deadline::At(*started_ + left_);
  }
  // Charges the time since Start().
  void Stop() {
    if (!started_) return;
    auto used = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - *started_);
    left_ = used >= left_ ? std::chrono::nanoseconds(0) : left_ - used;
    started_.reset();
  }
  std::chrono::nanoseconds left() const { return left_; }

 private:
  std::chrono::nanoseconds left_;
  std::optional<Clock::time_point> started_;
};

}  // namespace sockscope::base
