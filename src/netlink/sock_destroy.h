// SOCK_DESTROY: closes one TCP or UDP socket from outside its process, as
// `ss -K` does (the kernel's tcp_abort/udp_abort: the owner's next call
// fails with ECONNABORTED, a TCP peer gets a reset). Needs CAP_NET_ADMIN in
// the socket's network namespace and a kernel with CONFIG_INET_DIAG_DESTROY.
// The socket is named by its full inet_diag id, cookie included, so a socket
// that closed and whose 4-tuple was reused is not the one destroyed.
#pragma once

#include <cstdint>
#include <vector>

#include "base/deadline.h"
#include "base/result.h"
#include "model/socket.h"
#include "sys/netlink_socket.h"

namespace sockscope::netlink {

// The request body (struct inet_diag_req_v2) naming `socket`.
std::vector<uint8_t> BuildSockDestroyRequest(const model::Socket& socket);

// Sends SOCK_DESTROY on a fresh socket from `opener` and waits for the
// kernel's answer until `deadline`. Errors: kPermission (no CAP_NET_ADMIN),
// kUnsupported (no CONFIG_INET_DIAG_DESTROY, or not TCP/UDP), kNotFound (the
// socket is already gone), kTimeout, kMalformed (an answer that is not one).
base::Result<void> DestroySocket(sys::NetlinkOpener& opener, const model::Socket& socket,
                                 const base::Deadline& deadline);

}  // namespace sockscope::netlink
