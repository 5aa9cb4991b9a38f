// Fuzzes the /proc/net/unix parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "procfs/net_unix_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = sockscope::procfs::ParseProcNetUnix(text);
  for (const auto& s : parsed.sockets) {
    if (s.unix_path.size() > size || s.socket_type == sockscope::model::SocketType::kNone) {
      __builtin_trap();
    }
  }
  return 0;
}
