// sock_diag for UNIX sockets (unix_diag): request and decoder of one reply
// (struct unix_diag_msg plus attributes). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "model/socket.h"

namespace sockscope::netlink {

struct UnixDiagQuery {
  model::StateMask states = model::kAllStates;
  bool want_memory = false;
  bool want_file = false;  // UDIAG_SHOW_VFS: the inode and device of a bound path
};

std::vector<uint8_t> BuildUnixDiagRequest(const UnixDiagQuery& query);

// Decodes one reply. Paths are kept as raw bytes; abstract names (leading
// NUL) become "@name" like ss prints them. kMalformed on short or bad input.
base::Result<void> DecodeUnixDiag(std::span<const uint8_t> payload, model::Socket& out);

}  // namespace sockscope::netlink
