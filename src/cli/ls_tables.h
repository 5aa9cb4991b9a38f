// Which socket tables and families `ls` lists, from ss's ways of saying it:
// -t/-u/-x, -4/-6, -f FAMILY and -A QUERY (comma-separated tables). Plain
// values and functions: the command line is parsed into them, then they
// become a collect::SocketSelection.
//
// sockscope lists TCP, UDP, raw, MPTCP, UNIX, netlink and packet sockets. A
// table or family ss has that sockscope does not list (vsock, tipc, xdp,
// sctp, dccp) is a usage error naming it, never silently empty.
#pragma once

#include <string_view>

#include "base/result.h"

namespace sockscope::cli {

struct LsTables {
  bool tcp = false, udp = false, raw = false, mptcp = false;
  bool netlink = false;
  bool packet_raw = false, packet_dgram = false;
  bool unix_stream = false, unix_dgram = false, unix_seqpacket = false;
  bool inet4 = false, inet6 = false;  // -4, -6, -f inet, -f inet6
  bool unix_family = false;           // -f unix
  bool netlink_family = false;        // -f netlink
  bool link_family = false;           // -f link (packet sockets)

  bool AnyTable() const {
    return tcp || udp || raw || mptcp || netlink || AnyUnix() || AnyPacket();
  }
  bool AnyInet() const { return tcp || udp || raw || mptcp; }
  bool AnyUnix() const { return unix_stream || unix_dgram || unix_seqpacket; }
  bool AnyPacket() const { return packet_raw || packet_dgram; }
  // Socket types as ss counts them for its Netid column (UNIX: three).
  int SocketTypes() const {
    return (tcp ? 1 : 0) + (udp ? 1 : 0) + (raw ? 1 : 0) + (mptcp ? 1 : 0) + (netlink ? 1 : 0) +
           (unix_stream ? 1 : 0) + (unix_dgram ? 1 : 0) + (unix_seqpacket ? 1 : 0) +
           (packet_raw ? 1 : 0) + (packet_dgram ? 1 : 0);
  }
};

// -A QUERY: "tcp,udp", "unix_stream", "inet", "all". Adds to `tables`.
base::Result<void> AddQuery(std::string_view query, LsTables& tables);

// -f FAMILY: inet, inet6, unix, netlink, link (vsock, tipc, xdp: refused).
base::Result<void> AddFamily(std::string_view family, LsTables& tables);

// The tables ss lists when none is named: every one sockscope has. With
// -4/-6/-f inet only the internet ones, with -f unix only UNIX ones, and so
// on.
void AddDefaultTables(LsTables& tables);

}  // namespace sockscope::cli
