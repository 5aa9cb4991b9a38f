#include "model/socket.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace sockscope::model {

std::string_view StateName(State s) {
  switch (s) {
    case State::kEstablished:
      return "ESTABLISHED";
    case State::kSynSent:
      return "SYN-SENT";
    case State::kSynRecv:
    case State::kNewSynRecv:
      return "SYN-RECV";
    case State::kFinWait1:
      return "FIN-WAIT-1";
    case State::kFinWait2:
      return "FIN-WAIT-2";
    case State::kTimeWait:
      return "TIME-WAIT";
    case State::kClose:
      return "CLOSE";
    case State::kCloseWait:
      return "CLOSE-WAIT";
    case State::kLastAck:
      return "LAST-ACK";
    case State::kListen:
      return "LISTEN";
    case State::kClosing:
      return "CLOSING";
    case State::kUnknown:
      break;
  }
  return "UNKNOWN";
}

std::optional<State> ParseStateName(std::string_view name) {
  std::string norm;
  for (char c : name)
    norm += c == '_' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (int i = 1; i <= kMaxState; ++i) {
    auto s = static_cast<State>(i);
    if (s == State::kNewSynRecv) continue;
    if (StateName(s) == norm) return s;
  }
  return std::nullopt;
}

std::string_view ProtoName(Proto p) {
  switch (p) {
    case Proto::kTcp:
      return "tcp";
    case Proto::kUdp:
      return "udp";
    case Proto::kUnix:
      return "unix";
    case Proto::kRaw:
      return "raw";
    case Proto::kMptcp:
      return "mptcp";
    case Proto::kNetlink:
      return "netlink";
    case Proto::kPacket:
      return "packet";
  }
  return "tcp";
}

std::string_view FamilyName(Family f) {
  switch (f) {
    case Family::kInet:
      return "inet";
    case Family::kInet6:
      return "inet6";
    case Family::kUnix:
      return "unix";
    case Family::kNetlink:
      return "netlink";
    case Family::kPacket:
      return "packet";
  }
  return "inet";
}

std::string_view SocketTypeName(SocketType t) {
  switch (t) {
    case SocketType::kStream:
      return "stream";
    case SocketType::kDgram:
      return "dgram";
    case SocketType::kSeqpacket:
      return "seqpacket";
    case SocketType::kRaw:
      return "raw";
    case SocketType::kNone:
      break;
  }
  return "";
}

std::string_view NetidName(Proto p, SocketType t) {
  if (p == Proto::kNetlink) return "nl";
  if (p == Proto::kPacket) return t == SocketType::kDgram ? "p_dgr" : "p_raw";
  if (p != Proto::kUnix) return ProtoName(p);
  switch (t) {
    case SocketType::kStream:
      return "u_str";
    case SocketType::kDgram:
      return "u_dgr";
    case SocketType::kSeqpacket:
      return "u_seq";
    case SocketType::kRaw:
    case SocketType::kNone:
      break;
  }
  return "unix";
}

bool IpAddr::IsUnspecified() const {
  size_t n = family == Family::kInet ? 4 : 16;
  return std::all_of(bytes.begin(), bytes.begin() + n, [](uint8_t b) { return b == 0; });
}

bool IpAddr::IsV4Mapped() const {
  if (family != Family::kInet6) return false;
  for (int i = 0; i < 10; ++i)
    if (bytes[i] != 0) return false;
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

IpAddr IpAddr::UnmappedV4() const {
  if (!IsV4Mapped()) return *this;
  IpAddr v4;
  v4.family = Family::kInet;
  std::memcpy(v4.bytes.data(), bytes.data() + 12, 4);
  return v4;
}

void IpAddr::AppendTo(std::string& out) const {
  if (family == Family::kInet) {
    for (int i = 0; i < 4; ++i) {
      if (i) out += '.';
      unsigned v = bytes[i];
      if (v >= 100) out += static_cast<char>('0' + v / 100);
      if (v >= 10) out += static_cast<char>('0' + v / 10 % 10);
      out += static_cast<char>('0' + v % 10);
    }
    return;
  }
  char buf[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf)) {
    out += '?';
    return;
  }
  out += buf;
}

std::string IpAddr::ToString() const {
  if (family == Family::kInet) {
    std::string out;
    AppendTo(out);
    return out;
  }
  char buf[INET6_ADDRSTRLEN] = {};
  int af = family == Family::kInet6 ? AF_INET6 : AF_INET;
  if (!inet_ntop(af, bytes.data(), buf, sizeof buf)) return "?";
  return buf;
}

std::optional<IpAddr> ParseIpAddr(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  IpAddr a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = Family::kInet;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = Family::kInet6;
    return a;
  }
  return std::nullopt;
}

}  // namespace sockscope::model
