// sock_diag for packet sockets (packet_diag): the request for every packet
// socket with its device, memory, rings and fanout, and the decoder of one
// reply (struct packet_diag_msg plus attributes). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "model/socket.h"

namespace sockscope::netlink {

std::vector<uint8_t> BuildPacketDiagRequest();

// Decodes one reply into a Socket of Proto::kPacket in state CLOSE (as ss
// has it), Recv-Q from its memory (rmem_alloc, as ss), Send-Q 0. kMalformed
// on short input or attributes.
base::Result<void> DecodePacketDiag(std::span<const uint8_t> payload, model::Socket& out);

}  // namespace sockscope::netlink
