// Parsers for /proc/net/netlink (netlink_seq_show in net/netlink/af_netlink.c)
// and the socket counts of /proc/net/protocols. Pure; thread-safe.
//
// /proc/net/netlink columns: sk Eth Pid Groups Rmem Wmem Dump Locks Drops
// Inode: the kernel pointer (%pK), the netlink protocol, the port id, the
// first 32 groups (hex), the memory charged to the receive and send queues
// (ss's Recv-Q and Send-Q for netlink), then the inode. It says nothing of a
// connected peer (ss's fallback shows none either).
#pragma once

#include <optional>
#include <string_view>

#include "procfs/net_inet_parser.h"

namespace sockscope::procfs {

ParsedSockets ParseProcNetNetlink(std::string_view text);

// The "sockets" column of a protocol's line in /proc/net/protocols ("MPTCP",
// "MPTCPv6"): how many sockets of it the namespace holds. nullopt when the
// line or the column is not there.
std::optional<uint64_t> ProtocolSocketsInUse(std::string_view protocols_text,
                                             std::string_view protocol);

}  // namespace sockscope::procfs
