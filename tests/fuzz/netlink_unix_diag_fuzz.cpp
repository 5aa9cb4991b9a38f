// Fuzzes DecodeUnixDiag: any bytes as one unix_diag reply payload.
#include "netlink/unix_diag.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sockscope;
  model::Socket s;
  if (netlink::DecodeUnixDiag(std::span<const uint8_t>(data, size), s)) {
    // sun_path holds 108 bytes; an abstract name adds the '@'.
    if (s.unix_path.size() > 108) __builtin_trap();
    if (s.socket_type == model::SocketType::kNone) __builtin_trap();
  }
  return 0;
}
