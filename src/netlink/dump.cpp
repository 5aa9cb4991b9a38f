#include "netlink/dump.h"

#include <atomic>
#include <chrono>
#include <climits>
#include <cstring>

#include <fmt/format.h>

namespace sockscope::netlink {
namespace {

using base::Error;
using base::ErrorKind;
using base::MakeError;
using base::Result;

enum class AttemptEnd { kDone, kRetryFailure, kRetryInterrupted };

struct AttemptOutcome {
  AttemptEnd end = AttemptEnd::kDone;
  Error error;  // why a retry is wanted (reported if retries run out)
};

Error ErrorFromNetlinkCode(int code, const char* what) {
  // The kernel sends a negative errno; anything else breaks the protocol (and
  // negating INT_MIN would overflow).
  int errnum = code < 0 && code != INT_MIN ? -code : EPROTO;
  // sock_diag answers ENOENT when no handler is registered for the family or
  // protocol (e.g. udp_diag not loaded), EINVAL for a request it cannot parse.
  if (errnum == ENOENT || errnum == EPROTONOSUPPORT || errnum == EOPNOTSUPP ||
      errnum == EAFNOSUPPORT) {
    return Error{ErrorKind::kUnsupported, errnum,
                 fmt::format("{}: not supported by this kernel ({})", what, std::strerror(errnum))};
  }
  return base::ErrorFromErrno(errnum, fmt::format("{}: kernel answered", what));
}

std::vector<uint8_t> BuildMessage(const DumpRequest& request, uint32_t seq) {
  std::vector<uint8_t> bytes(NLMSG_LENGTH(request.payload.size()));
  nlmsghdr header{};
  header.nlmsg_len = static_cast<uint32_t>(bytes.size());
  header.nlmsg_type = request.message_type;
  header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  header.nlmsg_seq = seq;
  std::memcpy(bytes.data(), &header, sizeof header);
  if (!request.payload.empty())
    std::memcpy(bytes.data() + NLMSG_HDRLEN, request.payload.data(), request.payload.size());
  return bytes;
}

Error DeadlineError(const DumpRequest& request, const DumpStats& stats) {
  return MakeError(ErrorKind::kTimeout,
                   fmt::format("{}: no complete answer before the deadline ({} messages received)",
                               request.what, stats.messages));
}

// One attempt on one fresh socket. Returns an Error for failures that must not
// be retried (deadline, permission, unsupported, handler error, caps).
Result<AttemptOutcome> RunAttempt(sys::NetlinkOpener& opener, const DumpRequest& request,
                                  const base::Deadline& deadline, const DumpLimits& limits,
                                  const MessageHandler& on_message, DumpStats& stats,
                                  std::vector<uint8_t>& buffer) {
  auto socket = opener.Open(request.protocol, limits.socket_receive_buffer);
  if (!socket) return socket.error().Wrap(request.what);
  uint32_t seq = NextSequence();
  uint32_t port = (*socket)->PortId();
  auto message = BuildMessage(request, seq);
  if (auto sent = (*socket)->Send(message, deadline); !sent) return sent.error().Wrap(request.what);

  bool interrupted = false;
  for (;;) {
    // Receive returns queued data without looking at the clock, so a kernel
    // (or peer) that never stops sending would keep us here until the caps.
    if (deadline.Expired()) return DeadlineError(request, stats);
    auto got = (*socket)->Receive(buffer, deadline);
    if (!got) {
      const Error& e = got.error();
      if (e.errnum == ENOBUFS)
        return AttemptOutcome{AttemptEnd::kRetryFailure,
                              e.Wrap(fmt::format("{}: the kernel dropped replies", request.what))};
      if (e.kind == ErrorKind::kTimeout) return DeadlineError(request, stats);
      return e.Wrap(request.what);
    }
    if (got->truncated)
      return AttemptOutcome{AttemptEnd::kRetryFailure,
                            MakeError(ErrorKind::kMalformed,
                                      fmt::format("{}: datagram larger than the {}-byte buffer",
                                                  request.what, buffer.size()))};
    if (got->sender_port != 0) {  // not the kernel: ignore the whole datagram
      ++stats.foreign_messages;
      continue;
    }
    stats.bytes += got->bytes;
    if (stats.bytes > limits.max_bytes)
      return MakeError(ErrorKind::kMalformed, fmt::format("{}: dump exceeds {} bytes; abandoned",
                                                          request.what, limits.max_bytes));

    size_t offset = 0;
    const size_t end = got->bytes;
    while (offset < end) {
      size_t left = end - offset;
      if (left < sizeof(nlmsghdr))
        return AttemptOutcome{AttemptEnd::kRetryFailure,
                              MakeError(ErrorKind::kMalformed,
                                        fmt::format("{}: {} stray bytes after the last message",
                                                    request.what, left))};
      nlmsghdr header;
      std::memcpy(&header, buffer.data() + offset, sizeof header);
      if (header.nlmsg_len < sizeof(nlmsghdr) || header.nlmsg_len > left)
        return AttemptOutcome{
            AttemptEnd::kRetryFailure,
            MakeError(ErrorKind::kMalformed,
                      fmt::format("{}: message length {} does not fit the {} bytes left",
                                  request.what, header.nlmsg_len, left))};
      std::span<const uint8_t> payload(buffer.data() + offset + NLMSG_HDRLEN,
                                       header.nlmsg_len - NLMSG_HDRLEN);
      // Messages are padded to 4 bytes; the padding of the last one may be absent.
      offset += std::min<size_t>(NLMSG_ALIGN(header.nlmsg_len), left);

      if (header.nlmsg_pid != port || header.nlmsg_seq != seq) {
        ++stats.foreign_messages;  // a stale reply of an abandoned dump, or not ours
        continue;
      }
      if (header.nlmsg_flags & NLM_F_DUMP_INTR) interrupted = true;

      if (header.nlmsg_type == NLMSG_DONE) {
        // sock_diag puts an int status in DONE; a negative one is an error.
        if (payload.size() >= sizeof(int)) {
          int status;
          std::memcpy(&status, payload.data(), sizeof status);
          if (status < 0) return ErrorFromNetlinkCode(status, request.what);
        }
        if (interrupted)
          return AttemptOutcome{
              AttemptEnd::kRetryInterrupted,
              MakeError(ErrorKind::kInterrupted,
                        fmt::format("{}: the kernel's socket tables kept changing during the dump "
                                    "(NLM_F_DUMP_INTR)",
                                    request.what))};
        return AttemptOutcome{};
      }
      if (header.nlmsg_type == NLMSG_ERROR) {
        if (payload.size() < sizeof(int))
          return AttemptOutcome{
              AttemptEnd::kRetryFailure,
              MakeError(ErrorKind::kMalformed, fmt::format("{}: error message too short ({} bytes)",
                                                           request.what, payload.size()))};
        int code;
        std::memcpy(&code, payload.data(), sizeof code);
        if (code == 0) continue;  // an ACK
        return ErrorFromNetlinkCode(code, request.what);
      }
      if (header.nlmsg_type == NLMSG_NOOP) continue;
      if (header.nlmsg_type == NLMSG_OVERRUN)
        return AttemptOutcome{
            AttemptEnd::kRetryFailure,
            MakeError(ErrorKind::kIo,
                      fmt::format("{}: the kernel reported an overrun", request.what))};
      if (header.nlmsg_type != request.message_type) {
        ++stats.foreign_messages;
        continue;
      }
      if (++stats.messages > limits.max_messages)
        return MakeError(ErrorKind::kMalformed, fmt::format("{}: more than {} messages; abandoned",
                                                            request.what, limits.max_messages));
      if (auto handled = on_message(header, payload); !handled)
        return handled.error().Wrap(request.what);
    }
  }
}

}  // namespace

uint32_t NextSequence() {
  // Seeded from the clock so two processes sharing a port id by accident (not
  // possible with autobind, but cheap to guard) do not share sequence numbers.
  static std::atomic<uint32_t> next{static_cast<uint32_t>(
      std::chrono::steady_clock::now().time_since_epoch().count() & 0x7fffffff)};
  return next.fetch_add(1, std::memory_order_relaxed);
}

Result<DumpStats> RunDump(sys::NetlinkOpener& opener, const DumpRequest& request,
                          const base::Deadline& deadline, const DumpLimits& limits,
                          const MessageHandler& on_message, const RestartHandler& restart) {
  DumpStats stats;
  std::vector<uint8_t> buffer(limits.buffer_bytes);
  int failures = 0;
  for (;;) {
    ++stats.attempts;
    auto outcome = RunAttempt(opener, request, deadline, limits, on_message, stats, buffer);
    if (!outcome) return outcome.error();
    if (outcome->end == AttemptEnd::kDone) return stats;
    bool can_retry = false;
    if (outcome->end == AttemptEnd::kRetryInterrupted) {
      ++stats.interrupted;
      can_retry = stats.interrupted <= limits.interrupted_retries;
    } else {
      ++failures;
      can_retry = failures <= limits.failure_retries;
    }
    if (!can_retry) {
      Error e = outcome->error;
      e.message += fmt::format(" (gave up after {} attempts)", stats.attempts);
      return e;
    }
    if (deadline.Expired())
      return MakeError(ErrorKind::kTimeout,
                       fmt::format("{}: deadline passed before a retry could start", request.what));
    restart();
    stats.messages = 0;
    stats.bytes = 0;
  }
}

}  // namespace sockscope::netlink
