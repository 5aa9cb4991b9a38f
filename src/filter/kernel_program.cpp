#include "filter/kernel_program.h"

#include <linux/inet_diag.h>
#include <sys/socket.h>

#include <limits>

#include "filter/bytecode.h"

namespace sockscope::filter {
namespace {

using bytecode::Both;
using bytecode::Condition;
using bytecode::Either;
using bytecode::HostCond;
using bytecode::Inexact;
using bytecode::Negate;
using bytecode::Nothing;
using bytecode::PortCompare;
using bytecode::Program;

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
      const auto index = static_cast<uint32_t>(e.id);
      return Condition(INET_DIAG_BC_DEV_COND, &index, sizeof index);
    }
    case Expr::Kind::kCgroup: {
      // CGROUP_COND: the socket's cgroup v2 id, a u64.
      const uint64_t id = e.id;
      return Condition(INET_DIAG_BC_CGROUP_COND, &id, sizeof id);
    }
  }
  return Inexact();
}

}  // namespace

std::optional<KernelProgram> CompileKernelProgram(const Expr& expr) {
  Program p = Compile(expr);
  if (p.Anything() || !bytecode::FitsOneAttribute(p)) return std::nullopt;
  return KernelProgram{std::move(p.code), p.exact};
}

}  // namespace sockscope::filter
