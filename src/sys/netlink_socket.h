// NetlinkSocket: the one narrow interface through which sockscope talks to the
// kernel's netlink. The real implementation (netlink_socket_real.cpp) is a
// non-blocking socket driven by poll() with the caller's deadline; tests pass
// scripted fakes that time out, truncate, interrupt or lie.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/deadline.h"
#include "base/result.h"

namespace sockscope::sys {

struct ReceivedDatagram {
  size_t bytes = 0;          // bytes placed in the buffer
  bool truncated = false;    // MSG_TRUNC: the datagram was larger than the buffer
  uint32_t sender_port = 0;  // nl_pid of the sender: 0 for the kernel
};

// One open netlink socket. Not thread-safe; owned by one dump at a time.
class NetlinkSocket {
 public:
  virtual ~NetlinkSocket() = default;
  // The port id the kernel assigned at bind time: replies carry it.
  virtual uint32_t PortId() const = 0;
  // Sends one request to the kernel. Returns kTimeout if it cannot be sent
  // before the deadline (a full socket buffer), or the errno as an Error.
  virtual base::Result<void> Send(std::span<const uint8_t> request, const base::Deadline&) = 0;
  // Waits for one datagram until the deadline. Never blocks past it: returns
  // an Error of kind kTimeout then. EINTR is retried with the time left.
  // ENOBUFS (the kernel dropped messages) is returned as an Error with that errno.
  virtual base::Result<ReceivedDatagram> Receive(std::span<uint8_t> buffer,
                                                 const base::Deadline&) = 0;
  // Joins a multicast group (NETLINK_ADD_MEMBERSHIP), e.g. sock_diag's
  // SKNLGRP_INET_TCP_DESTROY. Sockets that cannot (recordings, replays) say
  // kUnsupported.
  virtual base::Result<void> JoinGroup(unsigned group);
};

// Opens netlink sockets; a dump opens a fresh one for every attempt.
class NetlinkOpener {
 public:
  virtual ~NetlinkOpener() = default;
  // protocol: NETLINK_SOCK_DIAG, ...; receive_buffer: the SO_RCVBUF to ask for
  // (0 keeps the default).
  virtual base::Result<std::unique_ptr<NetlinkSocket>> Open(int protocol,
                                                            size_t receive_buffer) = 0;
};

// The real kernel. Thread-safe (holds no state); opens sockets in the calling
// thread's network namespace.
NetlinkOpener& RealNetlinkOpener();

}  // namespace sockscope::sys
