// A model::SocketRegion compiled to inet_diag bytecode
// (INET_DIAG_REQ_BYTECODE), so the kernel dumps only the sockets of the
// region: on a machine with 100k sockets, `check`'s second look costs the
// few hundred it judges. Pure function over values.
//
// The kernel runs the program from its first op: a condition that holds
// continues with the next op (`yes`), one that fails jumps `no` bytes; the
// socket is dumped when the run ends exactly at the end of the program and
// skipped when it jumps past it. The audit (inet_diag_bc_audit) walks the
// `yes` chain and wants every `no` target on it, so the program is a straight
// line: term 1, JMP to the end, term 2, JMP to the end, ..., term N; a term's
// failing condition jumps to the next term (the last one's past the end).
#pragma once

#include <cstdint>
#include <vector>

#include "model/socket.h"
#include "model/socket_region.h"

namespace sockscope::netlink {

// The program for the dump of `family` in namespace `netns`: the terms of
// that namespace and family. A region with no term
// there compiles to a program that matches nothing. Empty when the region
// is too large for one netlink attribute.
std::vector<uint8_t> CompileRegion(const model::SocketRegion& region, uint64_t netns,
                                   model::Family family);

}  // namespace sockscope::netlink
