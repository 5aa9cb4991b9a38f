// Fuzzes the /proc/net/igmp and /proc/net/if_inet6 readers of device names.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "procfs/interfaces_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sockscope::procfs::InterfaceNames names;
  sockscope::procfs::AddInterfacesFromIgmp(text, names);
  sockscope::procfs::AddInterfacesFromIfInet6(text, names);
  return 0;
}
