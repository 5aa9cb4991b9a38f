// The "bare dump + fd walk" reference that `sockscope ls -tanp` is measured
// against: one blocking NETLINK_SOCK_DIAG dump of every TCP socket (IPv4 and
// IPv6, all states), one sequential readlink walk of /proc/*/fd, and a hash
// join of socket inodes to pids. No formatting, no names, no threads: the
// least work any tool must do to answer "which process owns each socket".
#pragma once

namespace sockscope::bench {

// Prints "sockets=N owned=M socket_inodes=K" on stdout. Returns the exit code
// (0, or 1 with a message on stderr when the dump fails).
int RunBaseline();

}  // namespace sockscope::bench
