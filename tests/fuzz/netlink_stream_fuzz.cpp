// Fuzzes the dump loop: the input is a recorded reply stream (the format of
// tests/fixtures/netlink/*.bin: per datagram a 4-byte little-endian length,
// then its bytes) after one selector byte. RunDump reads it through a replay
// transport with the sock_diag decoders as handler; it must end (success or
// an error) without reading out of bounds or looping.
//
// selector bit 0: unix_diag decoder (else inet_diag, TCP); bit 1: leave the
// seq/port of the messages as they are (else patch in the request's, so the
// messages are taken as ours); bit 2: the sender is not the kernel.
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include "netlink/dump.h"
#include "netlink/inet_diag.h"
#include "netlink/unix_diag.h"

namespace {

using namespace sockscope;

struct Stream {
  std::vector<std::vector<uint8_t>> datagrams;
  bool patch_ids = true;
  uint32_t sender = 0;
};

class ReplaySocket final : public sys::NetlinkSocket {
 public:
  ReplaySocket(const Stream& stream, uint32_t port) : stream_(stream), port_(port) {}
  uint32_t PortId() const override { return port_; }
  base::Result<void> Send(std::span<const uint8_t> request, const base::Deadline&) override {
    nlmsghdr h{};
    if (request.size() >= sizeof h) std::memcpy(&h, request.data(), sizeof h);
    seq_ = h.nlmsg_seq;
    return {};
  }
  base::Result<sys::ReceivedDatagram> Receive(std::span<uint8_t> buffer,
                                              const base::Deadline&) override {
    // The end of the stream stands for a peer that went silent: the deadline.
    if (next_ >= stream_.datagrams.size())
      return base::ErrorFromErrno(ETIMEDOUT, "replay: end of stream");
    std::vector<uint8_t> bytes = stream_.datagrams[next_++];
    if (stream_.patch_ids) Patch(bytes);
    sys::ReceivedDatagram d;
    d.bytes = std::min(bytes.size(), buffer.size());
    d.truncated = bytes.size() > buffer.size();
    d.sender_port = stream_.sender;
    if (d.bytes > 0) std::memcpy(buffer.data(), bytes.data(), d.bytes);
    return d;
  }

 private:
  void Patch(std::vector<uint8_t>& bytes) const {
    size_t offset = 0;
    while (bytes.size() - offset >= sizeof(nlmsghdr)) {
      nlmsghdr h;
      std::memcpy(&h, bytes.data() + offset, sizeof h);
      if (h.nlmsg_len < sizeof h || h.nlmsg_len > bytes.size() - offset) return;
      h.nlmsg_seq = seq_;
      h.nlmsg_pid = port_;
      std::memcpy(bytes.data() + offset, &h, sizeof h);
      offset += std::min<size_t>(NLMSG_ALIGN(h.nlmsg_len), bytes.size() - offset);
    }
  }

  const Stream& stream_;
  uint32_t port_;
  uint32_t seq_ = 0;
  size_t next_ = 0;
};

class ReplayOpener final : public sys::NetlinkOpener {
 public:
  explicit ReplayOpener(const Stream& stream) : stream_(stream) {}
  base::Result<std::unique_ptr<sys::NetlinkSocket>> Open(int, size_t) override {
    return std::unique_ptr<sys::NetlinkSocket>(new ReplaySocket(stream_, 100 + opened_++));
  }

 private:
  const Stream& stream_;
  uint32_t opened_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t selector = data[0];
  Stream stream;
  stream.patch_ids = (selector & 2) == 0;
  stream.sender = (selector & 4) ? 77 : 0;
  for (size_t offset = 1; size - offset >= 4;) {
    size_t n = data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) |
               (size_t{data[offset + 3]} << 24);
    offset += 4;
    n = std::min(n, size - offset);
    stream.datagrams.emplace_back(data + offset, data + offset + n);
    offset += n;
  }
  const bool is_unix = selector & 1;
  netlink::DumpRequest request;
  request.message_type = SOCK_DIAG_BY_FAMILY;
  request.payload = is_unix ? netlink::BuildUnixDiagRequest({}) : netlink::BuildInetDiagRequest({});
  netlink::DumpLimits limits;
  limits.buffer_bytes = 8192;
  limits.max_messages = 10000;
  size_t kept = 0;
  auto on_message = [&](const nlmsghdr&, std::span<const uint8_t> payload) -> base::Result<void> {
    model::Socket s;
    auto ok = is_unix ? netlink::DecodeUnixDiag(payload, s)
                      : netlink::DecodeInetDiag(payload, model::Proto::kTcp, s);
    if (!ok) return ok.error();
    ++kept;
    return {};
  };
  ReplayOpener opener(stream);
  auto result = netlink::RunDump(opener, request, base::Deadline::After(std::chrono::seconds(5)),
                                 limits, on_message, [&] { kept = 0; });
  // Invariant: a successful dump reports exactly what the handler kept.
  if (result && result->messages != kept) __builtin_trap();
  return 0;
}
