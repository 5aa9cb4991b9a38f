#include "procfs/net_packet_parser.h"

#include "procfs/socket_rows.h"
#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

using scan::AllHex;

constexpr uint32_t kSockDgram = 2;  // SOCK_DGRAM
constexpr uint32_t kSockRaw = 3;    // SOCK_RAW

const char* ParseRow(std::string_view line, model::Socket& s) {
  std::string_view rest = line;
  std::string_view f[9];
  for (auto& field : f) {
    if (!scan::NextToken(rest, field)) return "too few fields";
  }
  if (f[0].size() > 16 || !AllHex(f[0])) return "bad sk field";
  auto type = scan::ParseUnsigned<uint32_t>(f[2], 10);
  auto protocol =
      f[3].size() <= 4 && AllHex(f[3]) ? scan::ParseUnsigned<uint16_t>(f[3], 16) : std::nullopt;
  auto iface = scan::ParseUnsigned<uint32_t>(f[4], 10);
  auto running = scan::ParseUnsigned<uint32_t>(f[5], 10);
  auto rmem = scan::ParseUnsigned<uint32_t>(f[6], 10);
  auto uid = scan::ParseUnsigned<uint32_t>(f[7], 10);
  auto inode = scan::ParseUnsigned<uint64_t>(f[8], 10);
  if (!type || (*type != kSockDgram && *type != kSockRaw)) return "bad Type field";
  if (!protocol) return "bad Proto field";
  if (!iface || *iface > INT32_MAX) return "bad Iface field";
  if (!running || *running > 1) return "bad R field";
  if (!rmem) return "bad Rmem field";
  if (!uid) return "bad User field";
  if (!inode) return "bad Inode field";
  model::ResetSocket(s);
  s.proto = model::Proto::kPacket;
  s.family = model::Family::kPacket;
  s.socket_type = *type == kSockDgram ? model::SocketType::kDgram : model::SocketType::kRaw;
  s.state = model::State::kClose;
  s.recv_q = *rmem;
  s.uid = *uid;
  s.inode = *inode;
  s.interface = *iface;
  s.packet.emplace().protocol = *protocol;
  return nullptr;
}

}  // namespace

ParsedSockets ParseProcNetPacket(std::string_view text) {
  return ParseSocketRows(text, "sk", ParseRow);
}

}  // namespace sockscope::procfs
