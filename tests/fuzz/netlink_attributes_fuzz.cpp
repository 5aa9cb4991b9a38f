// Fuzzes the attribute walker: every attribute it yields lies inside the
// input, and the walk always ends. Payloads also go through the meminfo
// decoder, which must accept any length.
#include "netlink/attributes.h"
#include "netlink/sk_meminfo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sockscope;
  std::span<const uint8_t> bytes(data, size);
  netlink::AttributeWalker walker(bytes);
  netlink::Attribute attr;
  size_t count = 0;
  while (walker.Next(attr)) {
    if (attr.payload.data() < data || attr.payload.data() + attr.payload.size() > data + size)
      __builtin_trap();
    if (++count > size / 4 + 1) __builtin_trap();  // each attribute takes at least 4 bytes
    (void)netlink::DecodeSkMemInfo(attr.payload);
    uint64_t scalar;
    (void)netlink::ReadScalar(attr.payload, scalar);
    // Nested attributes use the same walker.
    netlink::AttributeWalker nested(attr.payload);
    netlink::Attribute inner;
    while (nested.Next(inner)) {
    }
  }
  if (walker.failed()) (void)walker.error();
  return 0;
}
