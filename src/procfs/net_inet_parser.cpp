#include "procfs/net_inet_parser.h"

#include <cstring>

#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

using model::Family;
using model::Proto;
using model::State;

using scan::AllHex;

// "0100007F:1F90" -> endpoint.
std::optional<model::Endpoint> ParseEndpoint(std::string_view field, Family family) {
  size_t colon = field.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto addr = ParseProcHexAddr(field.substr(0, colon), family);
  if (!addr) return std::nullopt;
  std::string_view port_hex = field.substr(colon + 1);
  // %04X: up to four digits for a u16.
  if (port_hex.size() > 4 || !AllHex(port_hex)) return std::nullopt;
  auto port = scan::ParseUnsigned<uint16_t>(port_hex, 16);
  if (!port) return std::nullopt;
  return model::Endpoint{*addr, *port};
}

// "00000000:00000000" -> (tx_queue, rx_queue).
bool ParseQueues(std::string_view field, uint32_t& tx, uint32_t& rx) {
  size_t colon = field.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view a = field.substr(0, colon), b = field.substr(colon + 1);
  if (a.size() > 8 || b.size() > 8 || !AllHex(a) || !AllHex(b)) return false;
  auto ta = scan::ParseUnsigned<uint32_t>(a, 16);
  auto tb = scan::ParseUnsigned<uint32_t>(b, 16);
  if (!ta || !tb) return false;
  tx = *ta;
  rx = *tb;
  return true;
}

bool IsHeader(std::string_view line) {
  std::string_view rest = line, first;
  return scan::NextToken(rest, first) && first == "sl";
}

// Parses one data row into s; returns the reason on failure.
const char* ParseRow(std::string_view line, Proto proto, Family family, model::Socket& s) {
  std::string_view rest = line;
  std::string_view f[10];
  for (auto& field : f) {
    if (!scan::NextToken(rest, field)) return "too few fields";
  }
  // Extra columns (tcp prints refcount, pointer, rto, ato, ...) are ignored.

  // "%4d:" slot number: decimal then a colon.
  if (f[0].size() < 2 || f[0].back() != ':' ||
      !scan::ParseUnsigned<uint64_t>(f[0].substr(0, f[0].size() - 1), 10)) {
    return "bad slot field";
  }
  auto local = ParseEndpoint(f[1], family);
  if (!local) return "bad local address";
  auto peer = ParseEndpoint(f[2], family);
  if (!peer) return "bad remote address";

  if (f[3].size() != 2 || !AllHex(f[3])) return "bad state field";
  auto st = scan::ParseUnsigned<uint8_t>(f[3], 16);
  if (!st || *st < 1 || *st > model::kMaxState) return "state out of range";
  State state = static_cast<State>(*st);
  // NEW_SYN_RECV is kernel-internal; should it ever be printed, it is a SYN-RECV.
  if (state == State::kNewSynRecv) state = State::kSynRecv;

  uint32_t tx = 0, rx = 0;
  if (!ParseQueues(f[4], tx, rx)) return "bad queue field";
  // f[5] "tr:tm->when" and f[6] retransmits: validated as hex, not kept.
  {
    size_t colon = f[5].find(':');
    if (colon == std::string_view::npos || !AllHex(f[5].substr(0, colon)) ||
        !AllHex(f[5].substr(colon + 1)))
      return "bad timer field";
    if (!AllHex(f[6])) return "bad retransmit field";
  }
  auto uid = scan::ParseUnsigned<uint32_t>(f[7], 10);
  if (!uid) return "bad uid";
  // f[8]: timeout (%8d, may be negative on old kernels); only checked for form.
  if (!scan::ParseSigned(f[8])) return "bad timeout field";
  auto inode = scan::ParseUnsigned<uint64_t>(f[9], 10);
  if (!inode) return "bad inode";

  model::ResetSocket(s);
  s.proto = proto;
  s.family = family;
  s.state = state;
  s.local = *local;
  s.peer = *peer;
  s.uid = *uid;
  s.inode = *inode;
  s.recv_q = rx;
  s.send_q = tx;
  if (proto == Proto::kTcp && state == State::kListen) {
    // Recv-Q is sk_ack_backlog; the max (sk_max_ack_backlog) is not in /proc.
    s.send_q = 0;
    s.send_q_known = false;
  }
  // /proc does not show IPV6_V6ONLY, but binding an IPv6 socket to a
  // specific, not v4-mapped address sets it (__inet6_bind), so a listener or
  // an unconnected socket on such an address is v6-only. On "::" it stays
  // unknown.
  if (family == Family::kInet6 && (state == State::kListen || state == State::kClose) &&
      !s.local.addr.IsUnspecified() && !s.local.addr.IsV4Mapped()) {
    s.v6only = true;
    s.v6only_known = true;
  }
  return nullptr;
}

ParsedSockets ParseInet(std::string_view text, Proto proto, Family family) {
  ParsedSockets out;
  // ~150 bytes per row: reserve so a 100k-row file does not regrow repeatedly.
  out.sockets.reserve(text.size() / 150 + 1);
  scan::LineReader lines(text);
  std::string_view line;
  model::Socket s;
  while (lines.Next(line)) {
    if (scan::Trim(line).empty()) continue;
    if (IsHeader(line)) continue;
    if (family != Family::kInet && family != Family::kInet6) {
      out.issues.Add(lines.line_no(), "not an inet family");
      continue;
    }
    if (const char* why = ParseRow(line, proto, family, s)) {
      out.issues.Add(lines.line_no(), why);
      continue;
    }
    out.sockets.push_back(s);
  }
  return out;
}

}  // namespace

std::optional<model::IpAddr> ParseProcHexAddr(std::string_view hex, Family family) {
  size_t words = family == Family::kInet ? 1 : family == Family::kInet6 ? 4 : 0;
  if (words == 0 || hex.size() != words * 8 || !AllHex(hex)) return std::nullopt;
  model::IpAddr addr;
  addr.family = family;
  for (size_t w = 0; w < words; ++w) {
    auto v = scan::ParseUnsigned<uint32_t>(hex.substr(w * 8, 8), 16);
    if (!v) return std::nullopt;
    // The kernel printed a network-order u32 read as a host integer; copying
    // the host integer's bytes back gives the network-order bytes on any
    // endianness (recordings are only portable between same-endian hosts).
    uint32_t word = *v;
    std::memcpy(addr.bytes.data() + w * 4, &word, 4);
  }
  return addr;
}

ParsedSockets ParseProcNetTcp(std::string_view text, Family family) {
  return ParseInet(text, Proto::kTcp, family);
}

ParsedSockets ParseProcNetUdp(std::string_view text, Family family) {
  return ParseInet(text, Proto::kUdp, family);
}

ParsedSockets ParseProcNetRaw(std::string_view text, Family family) {
  return ParseInet(text, Proto::kRaw, family);
}

}  // namespace sockscope::procfs
