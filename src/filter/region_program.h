// A model::SocketRegion compiled to inet_diag bytecode
// (INET_DIAG_REQ_BYTECODE), so the kernel dumps only the sockets of the
// region: on a machine with 100k sockets, `check`'s second look costs the
// few hundred it judges. Pure function over values, built with
// filter/bytecode.h: any of the terms (AnyOf), each term its conditions in
// a row (the local port, then the peer address and port).
#pragma once

#include <cstdint>
#include <vector>

#include "model/socket.h"
#include "model/socket_region.h"

namespace sockscope::filter {

// The program for the dump of `family` in namespace `netns`: the terms of
// that namespace and family. A region with no term there compiles to a
// program that matches nothing. Empty when the region is too large for one
// netlink attribute (the caller then dumps without a program and filters in
// userspace).
std::vector<uint8_t> CompileRegion(const model::SocketRegion& region, uint64_t netns,
                                   model::Family family);

}  // namespace sockscope::filter
