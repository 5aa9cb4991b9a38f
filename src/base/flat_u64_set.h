// FlatU64Set: an open-addressing set of 64-bit keys, sized once for the
// expected count. Deduplicating 100k sockets with std::unordered_set costs one
// allocation per key; this costs one for the table. Slots are 1.5 x the keys
// (any count, not a power of two: a streamed listing keeps this set for its
// whole run, and rounding 100k keys up to 256k slots would double its
// memory); a key's slot is its mixed hash scaled to the table (Lemire's
// multiply-shift). Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sockscope::base {

class FlatU64Set {
 public:
  explicit FlatU64Set(size_t expected) { slots_.assign(std::max<size_t>(16, expected * 3 / 2), 0); }

  // Returns true when key was not yet present.
  bool Insert(uint64_t key) {
    if (key == 0) {  // 0 marks an empty slot; track it on the side
      bool fresh = !has_zero_;
      has_zero_ = true;
      return fresh;
    }
    if ((size_ + 1) * 3 > slots_.size() * 2) Grow();  // load factor <= 2/3
    return InsertInto(slots_, key);
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
  static size_t SlotOf(uint64_t key, size_t slots) {
    __extension__ using Wide = unsigned __int128;  // g++ and clang; __extension__: -Wpedantic
    return static_cast<size_t>((static_cast<Wide>(Mix(key)) * slots) >> 64);
  }
  bool InsertInto(std::vector<uint64_t>& slots, uint64_t key) {
    for (size_t i = SlotOf(key, slots.size());; i = i + 1 == slots.size() ? 0 : i + 1) {
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
    size_ = 0;
    for (uint64_t k : slots_)
      if (k) InsertInto(bigger, k);
    slots_.swap(bigger);
  }

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace sockscope::base
