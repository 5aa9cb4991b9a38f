#include "netlink/inet_diag_bytecode.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

namespace sockscope::netlink {
namespace {

// One op and its operand bytes, before the jumps are known.
struct Op {
  uint8_t code = 0;
  std::vector<uint8_t> operand;  // inet_diag_hostcond and its address
  size_t Size() const { return sizeof(inet_diag_bc_op) + operand.size(); }
};

Op HostCond(uint8_t code, int family, uint8_t prefix_len, int port, const uint8_t* addr,
            size_t addr_len) {
  Op op;
  op.code = code;
  inet_diag_hostcond cond{};
  cond.family = static_cast<uint8_t>(family);
  cond.prefix_len = prefix_len;
  cond.port = port;
  op.operand.resize(sizeof cond + addr_len);
  std::memcpy(op.operand.data(), &cond, sizeof cond);
  if (addr_len > 0) std::memcpy(op.operand.data() + sizeof cond, addr, addr_len);
  return op;
}

std::vector<Op> TermOps(const model::RegionTerm& t) {
  std::vector<Op> ops;
  // Port only: family AF_UNSPEC with prefix 0 compares the port alone.
  if (t.local_port)
    ops.push_back(HostCond(INET_DIAG_BC_S_COND, AF_UNSPEC, 0, *t.local_port, nullptr, 0));
  if (t.peer) {
    const bool v6 = t.peer->addr.family == model::Family::kInet6;
    ops.push_back(HostCond(INET_DIAG_BC_D_COND, v6 ? AF_INET6 : AF_INET, v6 ? 128 : 32,
                           t.peer->port, t.peer->addr.bytes.data(), v6 ? 16 : 4));
  }
  return ops;
}

void Put(std::vector<uint8_t>& out, uint8_t code, size_t yes, size_t no) {
  inet_diag_bc_op op{};
  op.code = code;
  op.yes = static_cast<uint8_t>(yes);
  op.no = static_cast<uint16_t>(no);
  const size_t at = out.size();
  out.resize(at + sizeof op);
  std::memcpy(out.data() + at, &op, sizeof op);
}

}  // namespace

std::vector<uint8_t> CompileRegion(const model::SocketRegion& region, uint64_t netns,
                                   model::Family family) {
  std::vector<std::vector<Op>> terms;
  for (const auto& t : region.terms()) {
    if (t.netns != netns || t.family != family) continue;
    if (!t.local_port && !t.peer) continue;  // matches everything: not a region term
    terms.push_back(TermOps(t));
  }
  std::vector<uint8_t> out;
  if (terms.empty()) {
    // JMP past the end: nothing matches.
    Put(out, INET_DIAG_BC_JMP, sizeof(inet_diag_bc_op), 2 * sizeof(inet_diag_bc_op));
    return out;
  }
  // Sizes first: every jump is relative to its own op.
  std::vector<size_t> term_size(terms.size());
  size_t total = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    for (const auto& op : terms[i]) term_size[i] += op.Size();
    total += term_size[i];
    if (i + 1 < terms.size()) total += sizeof(inet_diag_bc_op);  // the JMP after it
  }
  // The attribute length is 16 bits (nlattr header included): a region
  // too large for it is not compiled (the caller dumps without a program and
  // filters in userspace).
  if (total + 4 + sizeof(nlattr) > UINT16_MAX) return {};
  out.reserve(total);
  for (size_t i = 0; i < terms.size(); ++i) {
    const bool last = i + 1 == terms.size();
    // Where a failing condition of this term goes: the next term, or past the end.
    const size_t fail_at = last ? total + 4 : out.size() + term_size[i] + sizeof(inet_diag_bc_op);
    for (const auto& op : terms[i]) {
      const size_t here = out.size();
      Put(out, op.code, op.Size(), fail_at - here);
      out.insert(out.end(), op.operand.begin(), op.operand.end());
    }
    if (!last) {
      const size_t here = out.size();
      Put(out, INET_DIAG_BC_JMP, sizeof(inet_diag_bc_op), total - here);
    }
  }
  return out;
}

}  // namespace sockscope::netlink
