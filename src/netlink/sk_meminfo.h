// Decoder of the SK_MEMINFO_* array sent as INET_DIAG_SKMEMINFO and
// UNIX_DIAG_MEMINFO. A shorter array (older kernels) leaves the rest zero.
#pragma once

#include <cstdint>
#include <span>

#include "model/socket.h"

namespace sockscope::netlink {
model::MemInfo DecodeSkMemInfo(std::span<const uint8_t> payload);
}  // namespace sockscope::netlink
