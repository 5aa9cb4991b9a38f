// RunDump: the one netlink dump loop, written once, with a deadline.
//
// It sends one NLM_F_DUMP request on a fresh socket and hands every reply
// message to a handler, enforcing the rules of docs/design.md: only messages
// from the kernel (sender port 0) with our port id and sequence number count;
// a datagram cut short (MSG_TRUNC), ENOBUFS, or bytes that do not form whole
// messages fail the attempt, which is retried once on a new socket;
// NLM_F_DUMP_INTR (the kernel's tables changed under the dump) is retried a
// bounded number of times and then reported; caps on bytes and messages stop
// an endless dump. The handler learns of a retry through `restart` and must
// drop what it collected, so partial data is never published as complete.
#pragma once

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/deadline.h"
#include "base/result.h"
#include "sys/netlink_socket.h"

namespace sockscope::netlink {

struct DumpLimits {
  size_t max_bytes = size_t{2} << 30;  // a dump larger than 2 GiB is not a socket table
  size_t max_messages = 20'000'000;
  int interrupted_retries = 3;             // NLM_F_DUMP_INTR
  int failure_retries = 1;                 // MSG_TRUNC, ENOBUFS, malformed stream
  size_t buffer_bytes = 64 * 1024;         // one receive; sock_diag sends <= 32 KiB datagrams
  size_t socket_receive_buffer = 4 << 20;  // SO_RCVBUF: room for the kernel to run ahead
};

struct DumpStats {
  size_t messages = 0;
  size_t bytes = 0;
  int attempts = 0;
  int interrupted = 0;          // attempts lost to NLM_F_DUMP_INTR
  size_t foreign_messages = 0;  // other port id / seq / sender: skipped
};

// Called for each data message of the dump (type == expected_type).
using MessageHandler =
    std::function<base::Result<void>(const nlmsghdr& header, std::span<const uint8_t> payload)>;
// Called before a retry: forget everything handed over so far.
using RestartHandler = std::function<void()>;

struct DumpRequest {
  int protocol = NETLINK_SOCK_DIAG;
  uint16_t message_type = 0;     // e.g. SOCK_DIAG_BY_FAMILY
  std::vector<uint8_t> payload;  // the request body after the nlmsghdr
  const char* what = "dump";     // for error messages: "sock_diag tcp/inet6"
};

// Runs the dump. Returns stats on success; on failure an Error whose kind is
// kTimeout (deadline), kUnsupported (the kernel does not know the request:
// e.g. the protocol's diag module is missing), kPermission, kInterrupted,
// kMalformed or kIo. Never blocks past the deadline. Thread-safe as long as
// each call has its own handler state.
base::Result<DumpStats> RunDump(sys::NetlinkOpener& opener, const DumpRequest& request,
                                const base::Deadline& deadline, const DumpLimits& limits,
                                const MessageHandler& on_message, const RestartHandler& restart);

// A new sequence number, unique in this process.
uint32_t NextSequence();

}  // namespace sockscope::netlink
