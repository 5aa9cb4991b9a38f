// FlatU64Set: an open-addressing set of 64-bit keys, sized once for the
// expected count. Deduplicating 100k sockets with std::unordered_set costs one
// allocation per key; this costs one for the table. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sockscope::base {

class FlatU64Set {
 public:
  explicit FlatU64Set(size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;  // load factor <= 0.5
    slots_.assign(cap, 0);
    mask_ = cap - 1;
  }

  // Returns true when key was not yet present.
  bool Insert(uint64_t key) {
    if (key == 0) {  // 0 marks an empty slot; track it on the side
      bool fresh = !has_zero_;
      has_zero_ = true;
      return fresh;
    }
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    return InsertInto(slots_, mask_, key);
  }
  size_t size() const { return size_ + (has_zero_ ? 1 : 0); }

 private:
  static uint64_t Mix(uint64_t x) {  // splitmix64 finaliser: spreads sequential inodes
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  bool InsertInto(std::vector<uint64_t>& slots, size_t mask, uint64_t key) {
    for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
      if (slots[i] == key) return false;
      if (slots[i] == 0) {
        slots[i] = key;
        ++size_;
        return true;
      }
    }
  }
  void Grow() {
    std::vector<uint64_t> bigger(slots_.size() * 2, 0);
    size_t mask = bigger.size() - 1;
    size_ = 0;
    for (uint64_t k : slots_)
      if (k) InsertInto(bigger, mask, k);
    slots_.swap(bigger);
    mask_ = mask;
  }

  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace sockscope::base
