// Deadline: a point on the monotonic clock after which a kernel query gives up.
// Copyable value; thread-safe to read.
#pragma once

#include <chrono>
#include <cstdint>

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

}  // namespace sockscope::base
