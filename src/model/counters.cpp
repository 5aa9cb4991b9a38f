#include "model/counters.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <unordered_set>

namespace sockscope::model {
namespace {

struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
};

}  // namespace

std::string_view InternCounterName(std::string_view name) {
  // Each thread remembers the names it has seen: the kernel's set is fixed,
  // so after a thread's first namespace every name is found here, without
  // the lock the -N threads would otherwise take for every counter.
  thread_local std::unordered_set<std::string_view, NameHash, std::equal_to<>> seen;
  if (auto it = seen.find(name); it != seen.end()) return *it;
  static std::mutex mutex;
  // Node-based: a stored name's characters never move.
  static std::unordered_set<std::string, NameHash, std::equal_to<>> names;
  std::string_view interned;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = names.find(name);
    if (it == names.end()) it = names.emplace(name).first;
    interned = *it;
  }
  seen.insert(interned);
  return interned;
}

void CounterValues::SetAll(std::span<const Entry> entries) {
  const auto by_name = [](const Entry& a, const Entry& b) { return a.first < b.first; };
  const size_t old_size = entries_.size();
  entries_.reserve(old_size + entries.size());
  for (const auto& [key, value] : entries) entries_.emplace_back(InternCounterName(key), value);
  const auto mid = entries_.begin() + static_cast<std::ptrdiff_t>(old_size);
  std::stable_sort(mid, entries_.end(), by_name);
  std::inplace_merge(entries_.begin(), mid, entries_.end(), by_name);  // stable: older first
  // Of each run of one name, the last (newest) value stays.
  size_t kept = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i + 1 < entries_.size() && entries_[i + 1].first == entries_[i].first) continue;
    entries_[kept++] = entries_[i];
  }
  entries_.resize(kept);
}

void CounterValues::merge(const CounterValues& other) {
  std::vector<Entry> merged;
  merged.reserve(entries_.size() + other.entries_.size());
  auto a = entries_.begin();
  auto b = other.entries_.begin();
  while (a != entries_.end() || b != other.entries_.end()) {
    if (b == other.entries_.end() || (a != entries_.end() && a->first <= b->first)) {
      if (b != other.entries_.end() && a->first == b->first) ++b;  // this one's value stays
      merged.push_back(*a++);
    } else {
      merged.push_back(*b++);
    }
  }
  entries_ = std::move(merged);
}

}  // namespace sockscope::model
