// Evaluation of a parsed Filter against one socket.
#include <cstring>

#include "filter/filter.h"
#include "filter/glob.h"

namespace sockscope::filter {
namespace {

// The first `bits` bits of a and b (same family, network byte order) agree.
bool PrefixEqual(const model::IpAddr& a, const model::IpAddr& b, int bits) {
  int whole = bits / 8;
  if (std::memcmp(a.bytes.data(), b.bytes.data(), static_cast<size_t>(whole)) != 0) return false;
  int rest = bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  const auto at = static_cast<size_t>(whole);
  return (a.bytes[at] & mask) == (b.bytes[at] & mask);
}

bool PortMatches(PortOp op, uint16_t actual, uint16_t wanted) {
  switch (op) {
    case PortOp::kEq:
      return actual == wanted;
    case PortOp::kNe:
      return actual != wanted;
    case PortOp::kGt:
      return actual > wanted;
    case PortOp::kLt:
      return actual < wanted;
    case PortOp::kGe:
      return actual >= wanted;
    case PortOp::kLe:
      return actual <= wanted;
  }
  return false;
}

bool IsUnix(const model::Socket& s) {
  return s.proto == model::Proto::kUnix || s.family == model::Family::kUnix;
}

// Netlink and packet sockets have no address or port: no address, port or
// cgroup term matches them (only negations do). A packet socket's device is
// the one it captures on, which `dev` matches as in ss.
bool IsAddressless(const model::Socket& s) {
  return s.proto == model::Proto::kNetlink || s.proto == model::Proto::kPacket;
}

bool HostMatches(const HostSpec& spec, const model::Socket& s, Side side) {
  if (IsUnix(s)) return spec.unix_glob && GlobMatch(*spec.unix_glob, s.unix_path);
  if (spec.unix_glob) return false;
  const model::Endpoint& ep = side == Side::kLocal ? s.local : s.peer;
  if (spec.port && ep.port != *spec.port) return false;
  if (spec.any_addr) return true;
  // A dual-stack IPv6 socket reports IPv4 peers as ::ffff:a.b.c.d, so an IPv4
  // filter must see through the mapping to match what ss users expect
  // (mapped filter prefixes were already turned into IPv4 by the parser).
  model::IpAddr addr = ep.addr.UnmappedV4();
  if (addr.family != spec.addr.family) return false;
  return PrefixEqual(addr, spec.addr, spec.prefix_len);
}

bool Evaluate(const Expr& e, const model::Socket& s) {
  switch (e.kind) {
    case Expr::Kind::kAnd:
      for (const Expr& child : e.children) {
        if (!Evaluate(child, s)) return false;
      }
      return true;
    case Expr::Kind::kOr:
      for (const Expr& child : e.children) {
        if (Evaluate(child, s)) return true;
      }
      return false;
    case Expr::Kind::kNot:
      return !e.children.empty() && !Evaluate(e.children.front(), s);
    case Expr::Kind::kPort:
      if (IsUnix(s) || IsAddressless(s)) return false;
      return PortMatches(e.op, e.side == Side::kLocal ? s.local.port : s.peer.port, e.port);
    case Expr::Kind::kHost:
      return !IsAddressless(s) && HostMatches(e.host, s, e.side);
    case Expr::Kind::kDevice:
      return !IsUnix(s) && s.proto != model::Proto::kNetlink && s.interface == e.id;
    case Expr::Kind::kCgroup:
      return !IsUnix(s) && !IsAddressless(s) && s.cgroup_id == e.id;
  }
  return false;
}

}  // namespace

bool Matches(const Filter& filter, const model::Socket& socket) {
  if (filter.has_state_clause && !StateInMask(socket.state, filter.states)) return false;
  return !filter.expr || Evaluate(*filter.expr, socket);
}

model::StateMask KernelStateMask(const Filter& filter, model::StateMask default_mask) {
  return NormalizeStateMask(filter.has_state_clause ? filter.states : default_mask);
}

}  // namespace sockscope::filter
