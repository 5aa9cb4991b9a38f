// A model of the kernel's two passes over an inet_diag program
// (net/ipv4/inet_diag.c, Linux 6.1): inet_diag_bc_audit, which refuses a
// malformed program, and inet_diag_bc_run, which decides per socket. For the
// ops sockscope emits: NOP, JMP, S_COND/D_COND (port, family, prefix, and the
// IPv4 condition that also matches ::ffff:a.b.c.d), S_GE/S_LE/D_GE/D_LE and
// S_EQ/D_EQ, DEV_COND and CGROUP_COND. The kernel tier checks the real
// thing; this model checks the jump arithmetic over many random programs in
// microseconds.
#pragma once

#include <linux/inet_diag.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "model/socket.h"

namespace sockscope::testing {

inline inet_diag_bc_op BytecodeOpAt(const std::vector<uint8_t>& p, size_t at) {
  inet_diag_bc_op op;
  std::memcpy(&op, p.data() + at, sizeof op);
  return op;
}

// The audit's rules: every yes and no within [op size, len + 4], multiples of
// 4, every no target on the yes chain; the yes chain ends exactly at the end.
inline bool BytecodeAudit(const std::vector<uint8_t>& p) {
  const int total = static_cast<int>(p.size());
  auto on_chain = [&](int remaining_at_target) {
    int len = total;
    size_t at = 0;
    while (len > remaining_at_target) {
      auto op = BytecodeOpAt(p, at);
      if (op.yes < 4 || (op.yes & 3)) return false;
      len -= op.yes;
      at += op.yes;
    }
    return len == remaining_at_target;
  };
  int len = total;
  size_t at = 0;
  while (len > 0) {
    if (len < static_cast<int>(sizeof(inet_diag_bc_op))) return false;
    auto op = BytecodeOpAt(p, at);
    int min_len = sizeof op;
    switch (op.code) {
      case INET_DIAG_BC_S_COND:
      case INET_DIAG_BC_D_COND: {
        inet_diag_hostcond cond;
        if (len < static_cast<int>(sizeof op + sizeof cond)) return false;
        std::memcpy(&cond, p.data() + at + sizeof op, sizeof cond);
        min_len += sizeof cond;
        if (cond.family == AF_INET) {
          if (cond.prefix_len > 32) return false;
          min_len += 4;
        } else if (cond.family == AF_INET6) {
          if (cond.prefix_len > 128) return false;
          min_len += 16;
        } else if (cond.family != AF_UNSPEC) {
          return false;
        }
        if (len < min_len) return false;
        break;
      }
      case INET_DIAG_BC_S_GE:
      case INET_DIAG_BC_S_LE:
      case INET_DIAG_BC_D_GE:
      case INET_DIAG_BC_D_LE:
      case INET_DIAG_BC_S_EQ:
      case INET_DIAG_BC_D_EQ:
        min_len += sizeof op;
        if (len < min_len) return false;
        break;
      case INET_DIAG_BC_DEV_COND:
        min_len += sizeof(uint32_t);
        if (len < min_len) return false;
        break;
      case INET_DIAG_BC_CGROUP_COND:
        min_len += sizeof(uint64_t);
        if (len < min_len) return false;
        break;
      case INET_DIAG_BC_JMP:
      case INET_DIAG_BC_NOP:
        break;
      default:
        return false;
    }
    if (op.code != INET_DIAG_BC_NOP) {
      if (op.no < min_len || op.no > len + 4 || (op.no & 3)) return false;
      if (op.no < len && !on_chain(len - op.no)) return false;
    }
    if (op.yes < min_len || op.yes > len + 4 || (op.yes & 3)) return false;
    at += op.yes;
    len -= op.yes;
  }
  return len == 0;
}

// The first `bits` bits of a and b agree.
inline bool BitsMatch(const uint8_t* a, const uint8_t* b, int bits) {
  const int whole = bits / 8;
  if (std::memcmp(a, b, static_cast<size_t>(whole)) != 0) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

// The run, for one TCP or UDP socket; true when the socket is dumped.
inline bool BytecodeRun(const std::vector<uint8_t>& p, const model::Socket& s) {
  int len = static_cast<int>(p.size());
  size_t at = 0;
  while (len > 0) {
    auto op = BytecodeOpAt(p, at);
    bool yes = true;
    auto port_operand = [&] { return BytecodeOpAt(p, at + sizeof op).no; };
    switch (op.code) {
      case INET_DIAG_BC_NOP:
        break;
      case INET_DIAG_BC_JMP:
        yes = false;
        break;
      case INET_DIAG_BC_S_EQ:
        yes = s.local.port == port_operand();
        break;
      case INET_DIAG_BC_S_GE:
        yes = s.local.port >= port_operand();
        break;
      case INET_DIAG_BC_S_LE:
        yes = s.local.port <= port_operand();
        break;
      case INET_DIAG_BC_D_EQ:
        yes = s.peer.port == port_operand();
        break;
      case INET_DIAG_BC_D_GE:
        yes = s.peer.port >= port_operand();
        break;
      case INET_DIAG_BC_D_LE:
        yes = s.peer.port <= port_operand();
        break;
      case INET_DIAG_BC_S_COND:
      case INET_DIAG_BC_D_COND: {
        inet_diag_hostcond cond;
        std::memcpy(&cond, p.data() + at + sizeof op, sizeof cond);
        const uint8_t* want = p.data() + at + sizeof op + sizeof cond;
        const model::Endpoint& e = op.code == INET_DIAG_BC_S_COND ? s.local : s.peer;
        if (cond.port != -1 && cond.port != e.port) {
          yes = false;
          break;
        }
        const int family = e.addr.family == model::Family::kInet ? AF_INET : AF_INET6;
        const uint8_t* addr = e.addr.bytes.data();
        if (cond.family != AF_UNSPEC && cond.family != family) {
          static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
          yes = family == AF_INET6 && cond.family == AF_INET &&
                std::memcmp(addr, kMapped, sizeof kMapped) == 0 &&
                BitsMatch(addr + 12, want, cond.prefix_len);
          break;
        }
        if (cond.prefix_len == 0) break;
        yes = BitsMatch(addr, want, cond.prefix_len);
        break;
      }
      case INET_DIAG_BC_DEV_COND: {
        uint32_t index = 0;
        std::memcpy(&index, p.data() + at + sizeof op, sizeof index);
        yes = s.interface == index;
        break;
      }
      case INET_DIAG_BC_CGROUP_COND: {
        uint64_t id = 0;
        std::memcpy(&id, p.data() + at + sizeof op, sizeof id);
        yes = s.cgroup_id == id;
        break;
      }
      default:
        return false;
    }
    if (yes) {
      len -= op.yes;
      at += op.yes;
    } else {
      len -= op.no;
      at += op.no;
    }
  }
  return len == 0;
}

}  // namespace sockscope::testing
