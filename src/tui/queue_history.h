// QueueHistory: the last minute of accept-queue lengths per listener, for the
// sparklines of `sockscope top`.
//
// A listener is keyed by (netns, address, port), not by cookie: a service that
// restarts keeps its history row, and the listeners of one SO_REUSEPORT group
// share one line of history (the longest of their queues at each sample).
// Keys absent from a sample are dropped at once, so a closed listener leaves
// no memory behind. Plain value type, not thread-safe (the UI thread owns it).
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "model/listener.h"

namespace sockscope::tui {

struct ListenerKey {
  uint64_t netns = 0;
  uint8_t family = 0;
  std::array<uint8_t, 16> addr{};
  uint16_t port = 0;
  auto operator<=>(const ListenerKey&) const = default;
};

ListenerKey KeyOf(const model::Listener& listener);

// Fixed-capacity ring of samples, oldest overwritten first.
class SampleRing {
 public:
  static constexpr size_t kCapacity = 60;
  void Push(uint32_t value);
  size_t size() const { return size_; }
  // Oldest first.
  std::vector<uint32_t> Values() const;

 private:
  std::array<uint32_t, kCapacity> data_{};
  size_t start_ = 0;  // index of the oldest sample
  size_t size_ = 0;
};

class QueueHistory {
 public:
  // Appends one sample per key seen in `listeners` and forgets every key that
  // is not there.
  void Record(const std::vector<model::Listener>& listeners);
  // Oldest first; empty for an unknown key.
  std::vector<uint32_t> Values(const ListenerKey& key) const;
  size_t size() const { return rings_.size(); }

 private:
  std::map<ListenerKey, SampleRing> rings_;
};

}  // namespace sockscope::tui
