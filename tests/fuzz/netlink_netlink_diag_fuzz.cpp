// Fuzzes DecodeNetlinkDiag (any bytes as one netlink_diag reply payload) and
// the /proc/net/netlink parser (the same bytes as the file's text): neither
// may crash, and a decoded socket is a netlink one with its ends.
#include <string_view>

#include "netlink/netlink_diag.h"
#include "procfs/net_netlink_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sockscope;
  model::Socket s;
  if (netlink::DecodeNetlinkDiag(std::span<const uint8_t>(data, size), s)) {
    if (s.proto != model::Proto::kNetlink || !s.netlink) __builtin_trap();
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& row : procfs::ParseProcNetNetlink(text).sockets)
    if (!row.netlink) __builtin_trap();
  (void)procfs::ProtocolSocketsInUse(text, "MPTCP");
  return 0;
}
