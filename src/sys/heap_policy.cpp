#include "sys/heap_policy.h"

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>

namespace sockscope::sys {

void KeepLargeBlocksInTheirOwnMappings() {
  constexpr int kThresholdBytes = 4 << 20;
  // Setting it also turns off the dynamic adjustment (mallopt(3)). A refusal
  // leaves glibc's default: more memory, nothing wrong.
  (void)::mallopt(M_MMAP_THRESHOLD, kThresholdBytes);
}

void PreferHugePages(const void* data, size_t bytes) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t last = (begin + bytes) & ~(kHuge - 1);
  if (last <= first) return;  // no whole huge page inside
  (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace sockscope::sys
