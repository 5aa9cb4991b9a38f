// A scripted netlink transport for tests of the dump loop (netlink/dump.h)
// and of the sources built on it, plus builders of sock_diag replies.
//
// FakeNetlinkOpener hands out one FakeNetlinkSocket per Open(); socket N
// plays script N (a retry opens socket N+1, so retries are scripted too).
// Each script step is one answer to Receive(): a datagram of messages, a
// truncated datagram, an errno, silence until the deadline, or an endless
// stream. Messages are built when received, so "the request's" sequence
// number and port id can be filled in after the dump chose them.
//
// Not thread-safe: one opener per test.
#pragma once

#include <linux/netlink.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sys/netlink_socket.h"

struct tcp_info;

namespace sockscope::testing {

// One netlink message of a scripted datagram.
struct FakeMessage {
  uint16_t type = 0;
  uint16_t flags = NLM_F_MULTI;
  std::optional<uint32_t> seq;   // nullopt: the request's sequence number
  int32_t seq_delta = 0;         // added to the request's (-1: the previous dump's)
  std::optional<uint32_t> port;  // nullopt: the socket's port id
  std::vector<uint8_t> payload;
  std::optional<uint32_t> length;  // nlmsg_len to claim instead of the true one

  FakeMessage WithSeq(uint32_t s) const;
  FakeMessage WithSeqDelta(int32_t delta) const;
  FakeMessage WithPort(uint32_t p) const;
  FakeMessage WithFlags(uint16_t f) const;
  FakeMessage WithLength(uint32_t len) const;
};

// A SOCK_DIAG_BY_FAMILY data message carrying `payload`.
FakeMessage DataMessage(std::vector<uint8_t> payload);
// NLMSG_DONE with its int status (0: success).
FakeMessage DoneMessage(int status = 0);
// NLMSG_ERROR with `code` (a negative errno) and a copy of a request header.
FakeMessage ErrorMessage(int code);
// NLMSG_ERROR whose body is only `body_bytes` long (below the int code).
FakeMessage ShortErrorMessage(size_t body_bytes);

struct FakeStep {
  enum class Kind {
    kDatagram,   // messages (then raw `tail` bytes), sent by `sender_port`
    kRaw,        // `raw` bytes as they are; with patch_ids, each whole header
                 // found gets the request's seq and port (replay of a recording)
    kTruncated,  // a datagram flagged MSG_TRUNC
    kErrno,      // Receive fails with `errnum` (ENOBUFS, EINTR, ...)
    kSilence,    // nothing arrives: Receive waits until the deadline, kTimeout
    kEndless,    // every Receive from now on: a datagram of `messages`
  };
  Kind kind = Kind::kDatagram;
  std::vector<FakeMessage> messages;
  std::vector<uint8_t> tail;
  std::vector<uint8_t> raw;
  bool patch_ids = true;
  uint32_t sender_port = 0;
  int errnum = 0;
};

FakeStep Datagram(std::vector<FakeMessage> messages);
FakeStep DatagramFrom(uint32_t sender_port, std::vector<FakeMessage> messages);
FakeStep DatagramWithTail(std::vector<FakeMessage> messages, std::vector<uint8_t> tail);
FakeStep RawDatagram(std::vector<uint8_t> bytes, bool patch_ids = true);
FakeStep Truncated();
FakeStep Errno(int errnum);
FakeStep Silence();
FakeStep Endless(std::vector<FakeMessage> messages);

// What one socket does: how Send behaves, then its Receive steps. After the
// last step the socket is silent (Receive waits for the deadline).
struct FakeScript {
  int send_errno = 0;  // nonzero: Send fails with it
  std::vector<FakeStep> steps;
  int join_errno = 0;  // nonzero: JoinGroup fails with it
};

// Observations of one opened socket, kept after the dump closed it.
struct FakeSocketLog {
  uint32_t port = 0;
  std::vector<std::vector<uint8_t>> requests;  // every Send, whole message
  int receives = 0;
  bool closed = false;
  std::vector<unsigned> groups;  // every JoinGroup
};

class FakeNetlinkOpener final : public sys::NetlinkOpener {
 public:
  // Socket N (from 0) plays scripts[N]. Opening more sockets than scripts
  // fails with kIo, unless repeat_last is set: then the last script repeats.
  explicit FakeNetlinkOpener(std::vector<FakeScript> scripts, bool repeat_last = false);
  ~FakeNetlinkOpener() override;

  base::Result<std::unique_ptr<sys::NetlinkSocket>> Open(int protocol,
                                                         size_t receive_buffer) override;

  int opened() const { return static_cast<int>(logs_.size()); }
  const FakeSocketLog& log(int socket) const { return *logs_.at(static_cast<size_t>(socket)); }
  int last_protocol() const { return last_protocol_; }
  size_t last_receive_buffer() const { return last_receive_buffer_; }

 private:
  std::vector<FakeScript> scripts_;
  bool repeat_last_;
  std::vector<std::shared_ptr<FakeSocketLog>> logs_;
  int last_protocol_ = 0;
  size_t last_receive_buffer_ = 0;
};

// Wraps a real opener and keeps a copy of every datagram received, per
// socket: the recorder of tests/fixtures/netlink/*.bin.
class RecordingNetlinkOpener final : public sys::NetlinkOpener {
 public:
  explicit RecordingNetlinkOpener(sys::NetlinkOpener& inner) : inner_(inner) {}
  base::Result<std::unique_ptr<sys::NetlinkSocket>> Open(int protocol,
                                                         size_t receive_buffer) override;
  // Datagrams of the last socket opened (the attempt that completed).
  const std::vector<std::vector<uint8_t>>& last_datagrams() const;

 private:
  sys::NetlinkOpener& inner_;
  std::vector<std::shared_ptr<std::vector<std::vector<uint8_t>>>> sockets_;
};

// Recording files: each datagram as a 4-byte little-endian length, then its bytes.
std::vector<uint8_t> EncodeRecording(const std::vector<std::vector<uint8_t>>& datagrams);
// Splits a recording; a length beyond the end takes what is left.
std::vector<std::vector<uint8_t>> DecodeRecording(std::span<const uint8_t> bytes);
// A script that replays a recording with the request's seq and port patched in.
FakeScript ReplayScript(const std::vector<std::vector<uint8_t>>& datagrams);

// ---- sock_diag payload builders (host byte order unless the kernel uses network order).

// Appends one attribute (4-byte header, payload, padding to 4).
void AppendAttribute(std::vector<uint8_t>& out, uint16_t type, std::span<const uint8_t> payload);
// Appends an attribute header claiming `claimed_length`, followed by `bytes`.
void AppendRawAttribute(std::vector<uint8_t>& out, uint16_t claimed_length, uint16_t type,
                        std::span<const uint8_t> bytes);

struct InetDiagSpec {
  uint8_t family = 2;  // AF_INET
  uint8_t state = 1;   // TCP_ESTABLISHED
  std::string local = "127.0.0.1";
  uint16_t local_port = 0;
  std::string peer = "0.0.0.0";
  uint16_t peer_port = 0;
  uint32_t interface = 0;
  uint64_t cookie = 0;
  uint32_t recv_q = 0;
  uint32_t send_q = 0;
  uint32_t uid = 0;
  uint32_t inode = 0;
};
// struct inet_diag_msg with addresses and ports in network order.
std::vector<uint8_t> InetDiagPayload(const InetDiagSpec& spec);
// INET_DIAG_INFO of the first `size` bytes of `info` (older kernels: shorter).
void AppendTcpInfo(std::vector<uint8_t>& out, const tcp_info& info, size_t size);
// INET_DIAG_SKMEMINFO / UNIX_DIAG_MEMINFO with `values` (SK_MEMINFO_* order).
void AppendMemInfo(std::vector<uint8_t>& out, uint16_t type, std::span<const uint32_t> values);
// INET_DIAG_CONG: the name, NUL-terminated unless with_nul is false.
void AppendCongestion(std::vector<uint8_t>& out, const std::string& name, bool with_nul = true);

struct UnixDiagSpec {
  uint8_t type = 1;   // SOCK_STREAM
  uint8_t state = 1;  // TCP_ESTABLISHED
  uint32_t inode = 0;
  uint64_t cookie = 0;
};
std::vector<uint8_t> UnixDiagPayload(const UnixDiagSpec& spec);
// UNIX_DIAG_NAME with the raw bytes (a leading NUL for an abstract name).
void AppendUnixName(std::vector<uint8_t>& out, const std::string& raw_name);
void AppendUnixPeer(std::vector<uint8_t>& out, uint32_t peer_inode);
void AppendUnixRqlen(std::vector<uint8_t>& out, uint32_t rqueue, uint32_t wqueue);

// A data message for a simple established IPv4 TCP socket numbered `n`
// (inode 1000+n, local port 10000+n): bulk content for dumps.
FakeMessage TcpSocketMessage(uint32_t n);

}  // namespace sockscope::testing
