// What clients see when an accept queue overflows, by the namespace's
// net.ipv4.tcp_abort_on_overflow. Shared by listen-overflows and
// abort-on-overflow-off. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sockscope::diagnose {

inline std::string OverflowEffect(std::optional<int64_t> abort_on_overflow) {
  if (abort_on_overflow && *abort_on_overflow != 0) {
    return "tcp_abort_on_overflow=1: the server answers the final ACK with a RST, so clients "
           "get \"connection reset by peer\" right away.";
  }
  return "tcp_abort_on_overflow=0: the final ACK of the handshake is dropped silently; clients "
         "believe they are connected, send their request and see timeouts or retransmissions "
         "until the server's SYN-ACK retries succeed or give up.";
}

}  // namespace sockscope::diagnose
