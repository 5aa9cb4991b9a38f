#include "sys/heap_policy.h"

#include <malloc.h>

namespace sockscope::sys {

void KeepLargeBlocksInTheirOwnMappings() {
  constexpr int kThresholdBytes = 4 << 20;
  // Setting it also turns off the dynamic adjustment (mallopt(3)). A refusal
  // leaves glibc's default: more memory, nothing wrong.
  (void)::mallopt(M_MMAP_THRESHOLD, kThresholdBytes);
}

}  // namespace sockscope::sys
