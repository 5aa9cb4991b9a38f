// sock_diag for netlink sockets (netlink_diag): the request for every
// protocol's sockets with their memory and groups, and the decoder of one
// reply (struct netlink_diag_msg plus attributes). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "model/socket.h"

namespace sockscope::netlink {

std::vector<uint8_t> BuildNetlinkDiagRequest();

// Decodes one reply into a Socket of Proto::kNetlink in state CLOSE (as the
// kernel and ss have it), Recv-Q and Send-Q from its memory (ss's rq, wq).
// kMalformed on short input.
base::Result<void> DecodeNetlinkDiag(std::span<const uint8_t> payload, model::Socket& out);

}  // namespace sockscope::netlink
