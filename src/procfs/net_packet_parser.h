// Parser for /proc/net/packet (packet_seq_show in net/packet/af_packet.c),
// ss's source of packet sockets where the kernel has no packet_diag. Pure;
// thread-safe.
//
// Columns: sk RefCnt Type Proto Iface R Rmem User Inode: the kernel pointer
// (%pK), the reference count, the socket type (SOCK_RAW 3, SOCK_DGRAM 2),
// the link-layer protocol in host order (hex), the device index (0: all),
// whether it is running, the receive memory (ss's Recv-Q), the uid and the
// inode. Rings, fanout and the socket cookie are not there.
#pragma once

#include <string_view>

#include "procfs/net_inet_parser.h"

namespace sockscope::procfs {

ParsedSockets ParseProcNetPacket(std::string_view text);

}  // namespace sockscope::procfs
