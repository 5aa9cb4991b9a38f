// Fuzzes the /proc/net/sockstat parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "procfs/sockstat_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = sockscope::procfs::ParseSockStat(text);
  (void)parsed;
  return 0;
}
