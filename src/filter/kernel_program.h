// The filter expression as an inet_diag bytecode program
// (INET_DIAG_REQ_BYTECODE), as ss compiles it: the kernel then copies only
// the sockets that can match, so `ls sport = :443` on a machine with 100k
// sockets costs the matching few rather than the whole table. Pure function
// over values; the wire format is the kernel's (linux/inet_diag.h).
//
// The program is a pre-filter: it admits every socket Matches() admits and
// possibly more, never fewer, and the userspace evaluator still runs on what
// the kernel returns. A term the kernel cannot express as Matches() does (a
// UNIX path glob is simply false for TCP/UDP; an IPv6 prefix that could also
// match ::ffff:a.b.c.d, which Matches() sees as IPv4) becomes "anything",
// and a negation over such a term is "anything" too.
// The program is built with filter/bytecode.h, which has its layout.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "filter/filter.h"

namespace sockscope::filter {

struct KernelProgram {
  std::vector<uint8_t> code;  // never empty
  // The kernel admits exactly the TCP/UDP sockets Matches() admits (no term
  // was widened): what the property test holds it to.
  bool exact = true;
};

// The program for the expression; nullopt when no program is worth sending
// (the expression admits anything the kernel can tell apart, or the program
// would not fit one netlink attribute): dump without one.
std::optional<KernelProgram> CompileKernelProgram(const Expr& expr);

}  // namespace sockscope::filter
