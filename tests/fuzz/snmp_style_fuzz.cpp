// Fuzzes the /proc/net/netstat and /proc/net/snmp parser, and /proc/net/snmp6's.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "procfs/snmp_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = sockscope::procfs::ParseSnmpStyle(text);
  for (const auto& [key, value] : parsed.counters.values) {
    if (key.find('.') == std::string::npos) __builtin_trap();
    (void)value;
  }
  auto v6 = sockscope::procfs::ParseSnmp6(text);
  for (const auto& [key, value] : v6.counters.values) {
    if (key.rfind("Udp6.", 0) != 0 || key.size() == 5) __builtin_trap();
    (void)value;
  }
  return 0;
}
