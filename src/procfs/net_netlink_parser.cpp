#include "procfs/net_netlink_parser.h"

#include "procfs/socket_rows.h"
#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

using scan::AllHex;

const char* ParseRow(std::string_view line, model::Socket& s) {
  std::string_view rest = line;
  std::string_view f[10];
  for (auto& field : f) {
    if (!scan::NextToken(rest, field)) return "too few fields";
  }
  if (f[0].size() > 16 || !AllHex(f[0])) return "bad sk field";
  auto protocol = scan::ParseUnsigned<uint32_t>(f[1], 10);
  auto portid = scan::ParseUnsigned<uint32_t>(f[2], 10);
  auto groups =
      f[3].size() <= 8 && AllHex(f[3]) ? scan::ParseUnsigned<uint32_t>(f[3], 16) : std::nullopt;
  auto rmem = scan::ParseUnsigned<uint32_t>(f[4], 10);
  auto wmem = scan::ParseUnsigned<uint32_t>(f[5], 10);
  auto inode = scan::ParseUnsigned<uint64_t>(f[9], 10);
  if (!protocol || *protocol > 255) return "bad Eth field";
  if (!portid) return "bad Pid field";
  if (!groups) return "bad Groups field";
  if (!rmem || !wmem) return "bad Rmem/Wmem field";
  if (!inode) return "bad Inode field";
  model::ResetSocket(s);
  s.proto = model::Proto::kNetlink;
  s.family = model::Family::kNetlink;
  s.state = model::State::kClose;
  s.recv_q = *rmem;
  s.send_q = *wmem;
  s.inode = *inode;
  model::NetlinkEnds& ends = s.netlink.emplace();
  ends.protocol = static_cast<uint8_t>(*protocol);
  ends.portid = *portid;
  ends.groups = *groups;
  return nullptr;
}

}  // namespace

ParsedSockets ParseProcNetNetlink(std::string_view text) {
  return ParseSocketRows(text, "sk", ParseRow);
}

std::optional<uint64_t> ProtocolSocketsInUse(std::string_view text, std::string_view protocol) {
  scan::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    std::string_view rest = line, name, size, sockets;
    if (!scan::NextToken(rest, name) || name != protocol) continue;
    if (!scan::NextToken(rest, size) || !scan::NextToken(rest, sockets)) return std::nullopt;
    // The kernel prints -1 when it does not count them.
    return scan::ParseUnsigned<uint64_t>(sockets, 10);
  }
  return std::nullopt;
}

}  // namespace sockscope::procfs
