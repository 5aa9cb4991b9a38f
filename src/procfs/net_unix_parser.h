// Parser for /proc/net/unix (unix_seq_show in net/unix/af_unix.c). Pure
// function over the file's text; thread-safe.
//
// Columns: Num RefCount Protocol Flags Type St Inode [Path]. States follow
// what `ss -x` prints from this file: the __SO_ACCEPTCON flag (0x10000) means
// LISTEN; St is the socket_state (1 unconnected -> CLOSE, which ss shows as
// UNCONN; 2 connecting -> SYN-SENT; 3 connected -> ESTABLISHED; 4
// disconnecting -> CLOSING). Type 1 stream, 2 dgram, 5 seqpacket.
// Path is the rest of the line after one space: it may contain spaces; an
// abstract name starts with '@' (the kernel prints its NUL bytes as '@'). A
// path with a newline in it splits into an unparseable second line, which is
// skipped and counted. /proc gives no queue sizes for UNIX sockets:
// recv_q/send_q are 0 and send_q_known is false.
#pragma once

#include <string_view>

#include "procfs/net_inet_parser.h"

namespace sockscope::procfs {

ParsedSockets ParseProcNetUnix(std::string_view text);

}  // namespace sockscope::procfs
