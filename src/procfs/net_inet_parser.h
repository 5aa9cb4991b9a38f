// Parsers for /proc/net/tcp, tcp6, udp and udp6 (one format, printed by
// get_tcp4_sock/get_tcp6_sock, get_openreq*, get_timewait*_sock and
// udp4_format_sock/udp6_sock_seq_show in the kernel). Pure functions over the
// file's text; no I/O, thread-safe.
//
// Each line is validated by field count, width and range; a bad line is
// skipped and counted in ParsedSockets::issues, never fatal. The header line
// ("sl local_address ...") is recognised and skipped without counting.
//
// Over /proc a LISTEN row's Recv-Q is the accept queue length, but its max is
// not printed (the kernel prints write_seq - snd_una there, i.e. 0): such rows
// get send_q_known = false. Half-open requests (NEW_SYN_RECV inside the
// kernel) are printed with state 03 and inode 0; TIME-WAIT rows have inode 0 too.
#pragma once

#include <string_view>
#include <vector>

#include "model/socket.h"
#include "procfs/parse_issues.h"

namespace sockscope::procfs {

struct ParsedSockets {
  std::vector<model::Socket> sockets;
  ParseIssues issues;
};

// family is kInet for tcp/udp, kInet6 for tcp6/udp6; a row whose address
// width does not match is skipped. netns is left 0 (the caller knows it).
ParsedSockets ParseProcNetTcp(std::string_view text, model::Family family);
ParsedSockets ParseProcNetUdp(std::string_view text, model::Family family);
// /proc/net/raw and raw6: udp's layout; the local "port" is the IP protocol.
ParsedSockets ParseProcNetRaw(std::string_view text, model::Family family);

// One address as the kernel prints it: IPv4 is the in-memory (network order)
// u32 printed with %08X on the host, IPv6 four such words. Exposed for tests.
// nullopt when the width or a digit is wrong.
std::optional<model::IpAddr> ParseProcHexAddr(std::string_view hex, model::Family family);

}  // namespace sockscope::procfs
