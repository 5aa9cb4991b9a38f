// Fuzzes DecodeNetlinkDiag and DecodePacketDiag (any bytes as one reply
// payload) and the /proc/net/netlink and /proc/net/packet parsers (the same
// bytes as the file's text): none may crash, and a decoded socket is a
// netlink (packet) one with its ends (what it captures).
#include <string_view>

#include "netlink/netlink_diag.h"
#include "netlink/packet_diag.h"
#include "procfs/net_netlink_parser.h"
#include "procfs/net_packet_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sockscope;
  model::Socket s;
  if (netlink::DecodeNetlinkDiag(std::span<const uint8_t>(data, size), s)) {
    if (s.proto != model::Proto::kNetlink || !s.netlink) __builtin_trap();
  }
  if (netlink::DecodePacketDiag(std::span<const uint8_t>(data, size), s)) {
    if (s.proto != model::Proto::kPacket || !s.packet) __builtin_trap();
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& row : procfs::ParseProcNetNetlink(text).sockets)
    if (!row.netlink) __builtin_trap();
  for (const auto& row : procfs::ParseProcNetPacket(text).sockets)
    if (!row.packet || row.proto != model::Proto::kPacket) __builtin_trap();
  (void)procfs::ProtocolSocketsInUse(text, "MPTCP");
  return 0;
}
