#include "filter/kernel_program.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <cstring>
#include <limits>

namespace sockscope::filter {
namespace {

constexpr size_t kOpSize = sizeof(inet_diag_bc_op);

// A compiled sub-expression. `code` empty means "admits every socket".
// `exact`: admits exactly what Matches() admits for a TCP/UDP socket (only
// then may it be negated).
struct Program {
  std::vector<uint8_t> code;
  bool exact = true;
  bool Anything() const { return code.empty(); }
};

void PutOp(std::vector<uint8_t>& out, uint8_t code, size_t yes, size_t no) {
  inet_diag_bc_op op{};
  op.code = code;
  op.yes = static_cast<uint8_t>(yes);
  op.no = static_cast<uint16_t>(no);
  const size_t at = out.size();
  out.resize(at + kOpSize);
  std::memcpy(out.data() + at, &op, kOpSize);
}

inet_diag_bc_op OpAt(const std::vector<uint8_t>& code, size_t at) {
  inet_diag_bc_op op{};
  std::memcpy(&op, code.data() + at, kOpSize);
  return op;
}

Program Nothing() {
  // JMP: always "no", to 4 bytes past its own end: the failure target.
  Program p;
  PutOp(p.code, INET_DIAG_BC_JMP, kOpSize, 2 * kOpSize);
  return p;
}

bool IsNothing(const Program& p) {
  if (p.code.size() != kOpSize) return false;
  const inet_diag_bc_op op = OpAt(p.code, 0);
  return op.code == INET_DIAG_BC_JMP && op.no == 2 * kOpSize;
}

Program Inexact() {
  Program p;
  p.exact = false;
  return p;
}

// S_COND / D_COND: an address prefix (or none: family AF_UNSPEC) and a port
// (-1: any).
Program HostCond(Side side, int family, int prefix_len, int port, const uint8_t* addr,
                 size_t addr_len) {
  Program p;
  inet_diag_hostcond cond{};
  cond.family = static_cast<uint8_t>(family);
  cond.prefix_len = static_cast<uint8_t>(prefix_len);
  cond.port = port;
  const size_t size = kOpSize + sizeof cond + addr_len;
  PutOp(p.code, side == Side::kLocal ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND, size,
        size + kOpSize);
  const size_t at = p.code.size();
  p.code.resize(at + sizeof cond + addr_len);
  std::memcpy(p.code.data() + at, &cond, sizeof cond);
  if (addr_len > 0) std::memcpy(p.code.data() + at + sizeof cond, addr, addr_len);
  return p;
}

// S_GE / S_LE / D_GE / D_LE: the port is the `no` of a second op.
Program PortCompare(Side side, bool at_least, uint16_t port) {
  Program p;
  const uint8_t code = side == Side::kLocal ? (at_least ? INET_DIAG_BC_S_GE : INET_DIAG_BC_S_LE)
                                            : (at_least ? INET_DIAG_BC_D_GE : INET_DIAG_BC_D_LE);
  PutOp(p.code, code, 2 * kOpSize, 3 * kOpSize);
  PutOp(p.code, 0, 0, port);
  return p;
}

// Every op of `code` that jumps to its failure target (4 bytes past its end)
// jumps `by` bytes further instead.
void MoveFailures(std::vector<uint8_t>& code, size_t by) {
  size_t at = 0;
  while (at < code.size()) {
    inet_diag_bc_op op = OpAt(code, at);
    const size_t rest = code.size() - at;
    if (op.code != INET_DIAG_BC_NOP && op.no == rest + kOpSize) {
      op.no = static_cast<uint16_t>(op.no + by);
      std::memcpy(code.data() + at, &op, kOpSize);
    }
    at += op.yes;
  }
}

Program Negate(Program inner) {
  if (!inner.exact) return Inexact();
  if (inner.Anything()) return Nothing();
  if (IsNothing(inner)) return Program{};
  // Success runs into the JMP, which jumps to failure; failure lands past it.
  PutOp(inner.code, INET_DIAG_BC_JMP, kOpSize, 2 * kOpSize);
  return inner;
}

Program Both(Program a, Program b) {
  if (IsNothing(a) && a.exact) return a;
  if (IsNothing(b) && b.exact) return b;
  if (a.Anything()) return Program{b.code, a.exact && b.exact};
  if (b.Anything()) return Program{a.code, a.exact && b.exact};
  MoveFailures(a.code, b.code.size());
  a.code.insert(a.code.end(), b.code.begin(), b.code.end());
  a.exact = a.exact && b.exact;
  return a;
}

Program Either(Program a, Program b) {
  if (a.Anything() && a.exact) return a;
  if (b.Anything() && b.exact) return b;
  if (a.Anything() || b.Anything()) return Inexact();
  if (IsNothing(a)) return Program{b.code, a.exact && b.exact};
  if (IsNothing(b)) return Program{a.code, a.exact && b.exact};
  // a's success jumps over b to the end; a's failure lands on b.
  PutOp(a.code, INET_DIAG_BC_JMP, kOpSize, b.code.size() + kOpSize);
  a.code.insert(a.code.end(), b.code.begin(), b.code.end());
  a.exact = a.exact && b.exact;
  return a;
}

Program CompilePort(const Expr& e) {
  switch (e.op) {
    case PortOp::kEq:
      return HostCond(e.side, AF_UNSPEC, 0, e.port, nullptr, 0);
    case PortOp::kNe:
      return Negate(HostCond(e.side, AF_UNSPEC, 0, e.port, nullptr, 0));
    case PortOp::kGe:
      return e.port == 0 ? Program{} : PortCompare(e.side, true, e.port);
    case PortOp::kLe:
      return e.port == std::numeric_limits<uint16_t>::max() ? Program{}
                                                            : PortCompare(e.side, false, e.port);
    case PortOp::kGt:
      return e.port == std::numeric_limits<uint16_t>::max()
                 ? Nothing()
                 : PortCompare(e.side, true, static_cast<uint16_t>(e.port + 1));
    case PortOp::kLt:
      return e.port == 0 ? Nothing()
                         : PortCompare(e.side, false, static_cast<uint16_t>(e.port - 1));
  }
  return Inexact();
}

// Whether an IPv6 prefix could hold an IPv4-mapped address (::ffff:0:0/96),
// which Matches() compares as IPv4 and the kernel as IPv6.
bool MayHoldMappedAddresses(const model::IpAddr& addr, int prefix_len) {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  const int bits = prefix_len < 96 ? prefix_len : 96;
  for (int bit = 0; bit < bits; ++bit) {
    const auto byte = static_cast<size_t>(bit / 8);
    const int mask = 0x80 >> (bit % 8);
    if ((addr.bytes[byte] & mask) != (kMapped[byte] & mask)) return false;
  }
  return true;
}

Program CompileHost(const Expr& e) {
  const HostSpec& spec = e.host;
  if (spec.unix_glob) return Nothing();  // never matches a TCP or UDP socket
  const int port = spec.port ? *spec.port : -1;
  if (spec.any_addr) return port < 0 ? Program{} : HostCond(e.side, AF_UNSPEC, 0, port, nullptr, 0);
  const bool v6 = spec.addr.family == model::Family::kInet6;
  Program p = HostCond(e.side, v6 ? AF_INET6 : AF_INET, spec.prefix_len, port,
                       spec.addr.bytes.data(), v6 ? 16 : 4);
  if (v6 && MayHoldMappedAddresses(spec.addr, spec.prefix_len)) p.exact = false;
  return p;
}

Program Compile(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kAnd: {
      Program p;
      for (const Expr& child : e.children) p = Both(std::move(p), Compile(child));
      return p;
    }
    case Expr::Kind::kOr: {
      if (e.children.empty()) return Nothing();
      Program p = Compile(e.children.front());
      for (size_t i = 1; i < e.children.size(); ++i)
        p = Either(std::move(p), Compile(e.children[i]));
      return p;
    }
    case Expr::Kind::kNot:
      return e.children.empty() ? Nothing() : Negate(Compile(e.children.front()));
    case Expr::Kind::kPort:
      return CompilePort(e);
    case Expr::Kind::kHost:
      return CompileHost(e);
    case Expr::Kind::kDevice: {
      // DEV_COND: the socket's bound interface (sk_bound_dev_if), a u32.
      Program p;
      const auto index = static_cast<uint32_t>(e.id);
      PutOp(p.code, INET_DIAG_BC_DEV_COND, kOpSize + sizeof index, 2 * kOpSize + sizeof index);
      const size_t at = p.code.size();
      p.code.resize(at + sizeof index);
      std::memcpy(p.code.data() + at, &index, sizeof index);
      return p;
    }
    case Expr::Kind::kCgroup: {
      // CGROUP_COND: the socket's cgroup v2 id, a u64.
      Program p;
      const uint64_t id = e.id;
      PutOp(p.code, INET_DIAG_BC_CGROUP_COND, kOpSize + sizeof id, 2 * kOpSize + sizeof id);
      const size_t at = p.code.size();
      p.code.resize(at + sizeof id);
      std::memcpy(p.code.data() + at, &id, sizeof id);
      return p;
    }
  }
  return Inexact();
}

}  // namespace

std::optional<KernelProgram> CompileKernelProgram(const Expr& expr) {
  Program p = Compile(expr);
  if (p.Anything()) return std::nullopt;
  // One netlink attribute (16-bit length, header included); every jump fits
  // 16 bits then too.
  if (p.code.size() + NLA_HDRLEN + kOpSize > std::numeric_limits<uint16_t>::max())
    return std::nullopt;
  return KernelProgram{std::move(p.code), p.exact};
}

}  // namespace sockscope::filter
