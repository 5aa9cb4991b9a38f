// TCP on loopback for the population generator: listeners, blocking and
// bounded connects. Addresses are 127.0.0.0/8 in host byte order; the whole
// /8 is local on Linux once `lo` is up, so no address needs to be added.
#pragma once

#include <cstdint>
#include <string>

#include "status.h"

namespace sockscope::bench {

// 127.0.0.<host>, host byte order.
constexpr uint32_t LoopbackAddress(uint8_t host) { return (127u << 24) | host; }
std::string FormatEndpoint(uint32_t addr, uint16_t port);

// A listening socket bound to addr:port with the given backlog.
Status Listen(uint32_t addr, uint16_t port, int backlog, UniqueFd* out);

// A client connected to addr:port. On loopback the handshake completes inside
// connect() when the accept queue has room; timeout_ms bounds the wait when it
// has not (the SYN is then dropped and would be retried for minutes).
// Returns a failure "timed out" when the connection did not complete in time.
Status ConnectWithin(uint32_t addr, uint16_t port, int timeout_ms, UniqueFd* out);

// Makes close() send a reset instead of a FIN, so tearing down leaves no
// TIME-WAIT sockets behind and the kernel frees both ends at once.
Status SetAbortiveClose(int fd);

// The next connection in the listener's accept queue (blocking).
Status Accept(int listener, UniqueFd* out);

}  // namespace sockscope::bench
