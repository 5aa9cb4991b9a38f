// How the C library's allocator treats large blocks, for the commands that
// live long and build a new snapshot while holding the last (serve, top).
#pragma once

#include <cstddef>

namespace sockscope::sys {

// Keeps every block of 4 MiB or more in a mapping of its own, returned to
// the system when freed. glibc raises its mmap threshold each time such a
// block is freed (up to 32 MiB), after which a snapshot's socket vector
// (18 MB at 100k sockets) is carved from the heap, and the heap's pages stay
// with the process while the next snapshot is built beside them: at 100k
// sockets serve's peak RSS was 83-86 MB, 62 MB with the threshold fixed,
// for the same CPU per scrape (docs/performance.md).
void KeepLargeBlocksInTheirOwnMappings();

// Asks the kernel to back the 2 MiB-aligned part of [data, data + bytes)
// with huge pages (madvise MADV_HUGEPAGE: transparent huge pages in their
// "madvise" or "always" mode take it): a pass over a large array then
// needs a TLB entry per 2 MiB instead of per 4 KiB. A hint: a kernel
// without them, or a refusal, changes nothing.
void PreferHugePages(const void* data, size_t bytes);

}  // namespace sockscope::sys
