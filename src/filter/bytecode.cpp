#include "filter/bytecode.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>

#include <cstring>
#include <limits>

namespace sockscope::filter::bytecode {
namespace {

constexpr size_t kOpSize = sizeof(inet_diag_bc_op);

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

}  // namespace

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

// The port is the `no` of a second op.
Program PortCompare(Side side, bool at_least, uint16_t port) {
  Program p;
  const uint8_t code = side == Side::kLocal ? (at_least ? INET_DIAG_BC_S_GE : INET_DIAG_BC_S_LE)
                                            : (at_least ? INET_DIAG_BC_D_GE : INET_DIAG_BC_D_LE);
  PutOp(p.code, code, 2 * kOpSize, 3 * kOpSize);
  PutOp(p.code, 0, 0, port);
  return p;
}

Program Condition(uint8_t code, const void* operand, size_t size) {
  Program p;
  PutOp(p.code, code, kOpSize + size, 2 * kOpSize + size);
  const size_t at = p.code.size();
  p.code.resize(at + size);
  std::memcpy(p.code.data() + at, operand, size);
  return p;
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

Program AnyOf(std::vector<Program> terms) {
  std::vector<Program> kept;
  bool exact = true;
  for (auto& t : terms) {
    if (t.Anything()) return t.exact ? Program{} : Inexact();
    exact = exact && t.exact;
    if (!IsNothing(t)) kept.push_back(std::move(t));
  }
  if (kept.empty()) return Program{Nothing().code, exact};
  size_t total = 0;
  for (const auto& t : kept) total += t.code.size();
  total += (kept.size() - 1) * kOpSize;  // the jumps between terms
  Program p;
  p.exact = exact;
  p.code.reserve(total);
  for (size_t i = 0; i < kept.size(); ++i) {
    // A term's failure target (4 bytes past its end) is the next term, just
    // past the jump that follows it; the last one's is past the program.
    p.code.insert(p.code.end(), kept[i].code.begin(), kept[i].code.end());
    if (i + 1 < kept.size()) PutOp(p.code, INET_DIAG_BC_JMP, kOpSize, total - p.code.size());
  }
  return p;
}

bool FitsOneAttribute(const Program& p) {
  return p.code.size() + NLA_HDRLEN + kOpSize <= std::numeric_limits<uint16_t>::max();
}

}  // namespace sockscope::filter::bytecode
