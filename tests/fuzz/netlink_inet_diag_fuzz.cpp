// Fuzzes DecodeInetDiag: any bytes as one SOCK_DIAG_BY_FAMILY reply payload,
// decoded as TCP and as UDP. It must fail cleanly or fill a Socket.
#include "netlink/inet_diag.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sockscope;
  std::span<const uint8_t> bytes(data, size);
  model::Socket s;
  if (netlink::DecodeInetDiag(bytes, model::Proto::kTcp, s)) {
    // A decoded socket is always in a state the model knows.
    if (s.state == model::State::kUnknown || s.state == model::State::kNewSynRecv) __builtin_trap();
    if (s.congestion.size() > 16) __builtin_trap();
  }
  (void)netlink::DecodeInetDiag(bytes, model::Proto::kUdp, s);
  return 0;
}
