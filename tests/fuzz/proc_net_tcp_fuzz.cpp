// Fuzzes the /proc/net/tcp{,6} and udp parsers with both families.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "procfs/net_inet_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using sockscope::model::Family;
  for (Family f : {Family::kInet, Family::kInet6}) {
    auto tcp = sockscope::procfs::ParseProcNetTcp(text, f);
    auto udp = sockscope::procfs::ParseProcNetUdp(text, f);
    // tcp and udp share one row format: the same rows must parse.
    if (tcp.sockets.size() != udp.sockets.size()) __builtin_trap();
    for (const auto& s : tcp.sockets) {
      if (s.family != f || s.state == sockscope::model::State::kUnknown) __builtin_trap();
    }
  }
  return 0;
}
