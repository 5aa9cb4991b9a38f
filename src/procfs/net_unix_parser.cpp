#include "procfs/net_unix_parser.h"

#include "procfs/socket_rows.h"
#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

using model::SocketType;
using model::State;

constexpr uint32_t kAcceptConFlag = 0x10000;  // __SO_ACCEPTCON, include/linux/net.h

bool AllHex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    if (!ok) return false;
  }
  return true;
}

std::optional<uint32_t> Hex32(std::string_view s) {
  if (s.size() > 8 || !AllHex(s)) return std::nullopt;
  return scan::ParseUnsigned<uint32_t>(s, 16);
}

const char* ParseRow(std::string_view line, model::Socket& s) {
  std::string_view rest = line;
  std::string_view f[7];
  for (auto& field : f) {
    if (!scan::NextToken(rest, field)) return "too few fields";
  }
  // Num is the kernel pointer (%pK: zeros without privilege), then ':'.
  if (f[0].size() < 2 || f[0].back() != ':' || !AllHex(f[0].substr(0, f[0].size() - 1)) ||
      f[0].size() > 17) {
    return "bad Num field";
  }
  auto refcount = Hex32(f[1]);
  auto protocol = Hex32(f[2]);
  auto flags = Hex32(f[3]);
  if (!refcount || !protocol || !flags) return "bad RefCount/Protocol/Flags field";
  if (f[4].size() > 4) return "bad Type field";
  auto type = Hex32(f[4]);
  if (!type) return "bad Type field";
  if (f[5].size() > 2) return "bad St field";
  auto st = Hex32(f[5]);
  if (!st) return "bad St field";
  auto inode = scan::ParseUnsigned<uint64_t>(f[6], 10);
  if (!inode) return "bad Inode field";

  SocketType socket_type;
  switch (*type) {
    case 1:
      socket_type = SocketType::kStream;
      break;
    case 2:
      socket_type = SocketType::kDgram;
      break;
    case 5:
      socket_type = SocketType::kSeqpacket;
      break;
    default:
      return "unknown socket type";
  }
  State state;
  if (*flags & kAcceptConFlag) {
    state = State::kListen;
  } else {
    switch (*st) {
      case 1:
        state = State::kClose;
        break;
      case 2:
        state = State::kSynSent;
        break;
      case 3:
        state = State::kEstablished;
        break;
      case 4:
        state = State::kClosing;
        break;
      default:
        return "socket state out of range";
    }
  }

  model::ResetSocket(s);
  s.proto = model::Proto::kUnix;
  s.family = model::Family::kUnix;
  s.socket_type = socket_type;
  s.state = state;
  s.inode = *inode;
  s.send_q_known = false;
  // The path is everything after the single space that follows the inode.
  if (!rest.empty()) {
    if (rest.front() != ' ') return "bad separator before path";
    rest.remove_prefix(1);
    if (rest.empty()) return "empty path";
    s.unix_path.assign(rest.data(), rest.size());
  }
  return nullptr;
}

}  // namespace

ParsedSockets ParseProcNetUnix(std::string_view text) {
  return ParseSocketRows(text, "Num", ParseRow, 80);
}

}  // namespace sockscope::procfs
