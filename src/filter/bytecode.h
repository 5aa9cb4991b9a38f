// The inet_diag bytecode (INET_DIAG_REQ_BYTECODE) built from conditions and
// their combinations: the one writer of the kernel's filter programs, for
// filter expressions (kernel_program.h) and check's regions
// (region_program.h). Pure functions over values; the wire format is the
// kernel's (linux/inet_diag.h).
//
// Layout (ss's): a program of length L matches by running off its end and
// fails by jumping to L + 4. `a and b` is a then b with a's failures moved to
// b's; `a or b` is a, a jump over b, then b; `not a` is a then a jump that
// turns a's success into failure and its failure into success. The kernel's
// audit (inet_diag_bc_audit) walks the `yes` chain and wants every `no`
// target on it, which this layout keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "filter/filter.h"

namespace sockscope::filter::bytecode {

// A compiled sub-expression. `code` empty means "admits every socket".
// `exact`: admits exactly what the userspace predicate admits for a TCP/UDP
// socket (only then may it be negated).
struct Program {
  std::vector<uint8_t> code;
  bool exact = true;
  bool Anything() const { return code.empty(); }
};

// Admits no socket: a JMP to the failure target.
Program Nothing();
bool IsNothing(const Program& p);
// Admits every socket, but not exactly what the predicate admits.
Program Inexact();

// S_COND / D_COND: an address prefix (family AF_UNSPEC: none) and a port
// (-1: any); `addr` holds addr_len bytes (4 or 16, or 0).
Program HostCond(Side side, int family, int prefix_len, int port, const uint8_t* addr,
                 size_t addr_len);
// S_GE / S_LE / D_GE / D_LE.
Program PortCompare(Side side, bool at_least, uint16_t port);
// An op whose operand is `size` bytes at `operand` (DEV_COND, CGROUP_COND).
Program Condition(uint8_t code, const void* operand, size_t size);

Program Negate(Program inner);
Program Both(Program a, Program b);
Program Either(Program a, Program b);
// Any of `terms`, flat: each term followed by a jump to the very end, its
// failures landing on the next term (Either nests, so a success would pass
// every later jump). Check's regions are long "or"s of small terms.
Program AnyOf(std::vector<Program> terms);

// Whether the program fits one netlink attribute (16-bit length, header
// included); every jump fits 16 bits then too.
bool FitsOneAttribute(const Program& p);

}  // namespace sockscope::filter::bytecode
