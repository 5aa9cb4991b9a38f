#include "fakes/fake_netlink.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace sockscope::testing {
namespace {

using base::ErrorKind;
using base::MakeError;
using base::Result;

// A silent fake never sleeps longer than this, whatever the deadline: a test
// with a broken deadline fails instead of hanging the suite.
constexpr std::chrono::seconds kMaxSilence{10};

void AppendBytes(std::vector<uint8_t>& out, const void* data, size_t size) {
  if (size == 0) return;
  size_t old = out.size();
  out.resize(old + size);
  std::memcpy(out.data() + old, data, size);
}

void PadTo4(std::vector<uint8_t>& out) {
  while (out.size() % 4 != 0) out.push_back(0);
}

void AppendMessage(std::vector<uint8_t>& out, const FakeMessage& m, uint32_t seq, uint32_t port) {
  nlmsghdr h{};
  h.nlmsg_len = m.length.value_or(static_cast<uint32_t>(NLMSG_HDRLEN + m.payload.size()));
  h.nlmsg_type = m.type;
  h.nlmsg_flags = m.flags;
  h.nlmsg_seq = m.seq.value_or(seq + static_cast<uint32_t>(m.seq_delta));
  h.nlmsg_pid = m.port.value_or(port);
  AppendBytes(out, &h, sizeof h);
  AppendBytes(out, m.payload.data(), m.payload.size());
  PadTo4(out);
}

// Gives every whole message header in `bytes` the request's seq and port.
void PatchIds(std::vector<uint8_t>& bytes, uint32_t seq, uint32_t port) {
  size_t offset = 0;
  while (bytes.size() - offset >= sizeof(nlmsghdr)) {
    nlmsghdr h;
    std::memcpy(&h, bytes.data() + offset, sizeof h);
    if (h.nlmsg_len < sizeof h || h.nlmsg_len > bytes.size() - offset) return;
    h.nlmsg_seq = seq;
    h.nlmsg_pid = port;
    std::memcpy(bytes.data() + offset, &h, sizeof h);
    offset += std::min<size_t>(NLMSG_ALIGN(h.nlmsg_len), bytes.size() - offset);
  }
}

class FakeNetlinkSocket final : public sys::NetlinkSocket {
 public:
  FakeNetlinkSocket(FakeScript script, std::shared_ptr<FakeSocketLog> log)
      : script_(std::move(script)), log_(std::move(log)) {}
  ~FakeNetlinkSocket() override { log_->closed = true; }

  uint32_t PortId() const override { return log_->port; }

  Result<void> JoinGroup(unsigned group) override {
    log_->groups.push_back(group);
    if (script_.join_errno != 0) return base::ErrorFromErrno(script_.join_errno, "fake join");
    return {};
  }

  Result<void> Send(std::span<const uint8_t> request, const base::Deadline&) override {
    log_->requests.emplace_back(request.begin(), request.end());
    if (script_.send_errno != 0) return base::ErrorFromErrno(script_.send_errno, "fake send");
    nlmsghdr h{};
    if (request.size() >= sizeof h) std::memcpy(&h, request.data(), sizeof h);
    seq_ = h.nlmsg_seq;
    return {};
  }

  Result<sys::ReceivedDatagram> Receive(std::span<uint8_t> buffer,
                                        const base::Deadline& deadline) override {
    ++log_->receives;
    if (next_ >= script_.steps.size()) return WaitForDeadline(deadline);
    const FakeStep& step = script_.steps[next_];
    std::vector<uint8_t> bytes;
    switch (step.kind) {
      case FakeStep::Kind::kSilence:
        return WaitForDeadline(deadline);
      case FakeStep::Kind::kErrno:
        ++next_;
        return base::ErrorFromErrno(step.errnum, "fake receive");
      case FakeStep::Kind::kTruncated: {
        ++next_;
        sys::ReceivedDatagram d;
        d.bytes = std::min<size_t>(buffer.size(), NLMSG_HDRLEN);
        std::fill_n(buffer.begin(), d.bytes, uint8_t{0});
        d.truncated = true;
        return d;
      }
      case FakeStep::Kind::kRaw:
        ++next_;
        bytes = step.raw;
        if (step.patch_ids) PatchIds(bytes, seq_, log_->port);
        break;
      case FakeStep::Kind::kDatagram:
        ++next_;
        [[fallthrough]];
      case FakeStep::Kind::kEndless:  // never advances: the same datagram forever
        for (const auto& m : step.messages) AppendMessage(bytes, m, seq_, log_->port);
        bytes.insert(bytes.end(), step.tail.begin(), step.tail.end());
        break;
    }
    sys::ReceivedDatagram d;
    d.bytes = std::min(bytes.size(), buffer.size());
    d.truncated = bytes.size() > buffer.size();
    d.sender_port = step.sender_port;
    std::copy_n(bytes.begin(), d.bytes, buffer.begin());
    return d;
  }

 private:
  static Result<sys::ReceivedDatagram> WaitForDeadline(const base::Deadline& deadline) {
    std::this_thread::sleep_until(std::min(deadline.when(), base::Clock::now() + kMaxSilence));
    return MakeError(ErrorKind::kTimeout, "fake receive: deadline passed");
  }

  FakeScript script_;
  std::shared_ptr<FakeSocketLog> log_;
  size_t next_ = 0;
  uint32_t seq_ = 0;
};

class RecordingSocket final : public sys::NetlinkSocket {
 public:
  RecordingSocket(std::unique_ptr<sys::NetlinkSocket> inner,
                  std::shared_ptr<std::vector<std::vector<uint8_t>>> out)
      : inner_(std::move(inner)), out_(std::move(out)) {}
  uint32_t PortId() const override { return inner_->PortId(); }
  Result<void> Send(std::span<const uint8_t> request, const base::Deadline& d) override {
    return inner_->Send(request, d);
  }
  Result<sys::ReceivedDatagram> Receive(std::span<uint8_t> buffer,
                                        const base::Deadline& d) override {
    auto got = inner_->Receive(buffer, d);
    if (got && got->sender_port == 0)
      out_->emplace_back(buffer.begin(), buffer.begin() + static_cast<long>(got->bytes));
    return got;
  }

 private:
  std::unique_ptr<sys::NetlinkSocket> inner_;
  std::shared_ptr<std::vector<std::vector<uint8_t>>> out_;
};

}  // namespace

FakeMessage FakeMessage::WithSeq(uint32_t s) const {
  FakeMessage m = *this;
  m.seq = s;
  return m;
}
FakeMessage FakeMessage::WithSeqDelta(int32_t delta) const {
  FakeMessage m = *this;
  m.seq_delta = delta;
  return m;
}
FakeMessage FakeMessage::WithPort(uint32_t p) const {
  FakeMessage m = *this;
  m.port = p;
  return m;
}
FakeMessage FakeMessage::WithFlags(uint16_t f) const {
  FakeMessage m = *this;
  m.flags = f;
  return m;
}
FakeMessage FakeMessage::WithLength(uint32_t len) const {
  FakeMessage m = *this;
  m.length = len;
  return m;
}

FakeMessage DataMessage(std::vector<uint8_t> payload) {
  FakeMessage m;
  m.type = SOCK_DIAG_BY_FAMILY;
  m.payload = std::move(payload);
  return m;
}

FakeMessage DoneMessage(int status) {
  FakeMessage m;
  m.type = NLMSG_DONE;
  AppendBytes(m.payload, &status, sizeof status);
  return m;
}

FakeMessage ErrorMessage(int code) {
  FakeMessage m;
  m.type = NLMSG_ERROR;
  m.flags = 0;
  nlmsgerr err{};
  err.error = code;
  err.msg.nlmsg_len = NLMSG_HDRLEN;
  err.msg.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  AppendBytes(m.payload, &err, sizeof err);
  return m;
}

FakeMessage ShortErrorMessage(size_t body_bytes) {
  FakeMessage m;
  m.type = NLMSG_ERROR;
  m.flags = 0;
  m.payload.assign(body_bytes, 0xff);
  return m;
}

FakeStep Datagram(std::vector<FakeMessage> messages) {
  FakeStep s;
  s.messages = std::move(messages);
  return s;
}
FakeStep DatagramFrom(uint32_t sender_port, std::vector<FakeMessage> messages) {
  FakeStep s = Datagram(std::move(messages));
  s.sender_port = sender_port;
  return s;
}
FakeStep DatagramWithTail(std::vector<FakeMessage> messages, std::vector<uint8_t> tail) {
  FakeStep s = Datagram(std::move(messages));
  s.tail = std::move(tail);
  return s;
}
FakeStep RawDatagram(std::vector<uint8_t> bytes, bool patch_ids) {
  FakeStep s;
  s.kind = FakeStep::Kind::kRaw;
  s.raw = std::move(bytes);
  s.patch_ids = patch_ids;
  return s;
}
FakeStep Truncated() {
  FakeStep s;
  s.kind = FakeStep::Kind::kTruncated;
  return s;
}
FakeStep Errno(int errnum) {
  FakeStep s;
  s.kind = FakeStep::Kind::kErrno;
  s.errnum = errnum;
  return s;
}
FakeStep Silence() {
  FakeStep s;
  s.kind = FakeStep::Kind::kSilence;
  return s;
}
FakeStep Endless(std::vector<FakeMessage> messages) {
  FakeStep s = Datagram(std::move(messages));
  s.kind = FakeStep::Kind::kEndless;
  return s;
}

FakeNetlinkOpener::FakeNetlinkOpener(std::vector<FakeScript> scripts, bool repeat_last)
    : scripts_(std::move(scripts)), repeat_last_(repeat_last) {}
FakeNetlinkOpener::~FakeNetlinkOpener() = default;

Result<std::unique_ptr<sys::NetlinkSocket>> FakeNetlinkOpener::Open(int protocol,
                                                                    size_t receive_buffer) {
  last_protocol_ = protocol;
  last_receive_buffer_ = receive_buffer;
  size_t index = logs_.size();
  if (index >= scripts_.size()) {
    if (!repeat_last_ || scripts_.empty())
      return MakeError(ErrorKind::kIo,
                       "fake opener: no script for socket " + std::to_string(index));
    index = scripts_.size() - 1;
  }
  auto log = std::make_shared<FakeSocketLog>();
  log->port = 0x1000 + static_cast<uint32_t>(logs_.size());  // distinct per socket
  logs_.push_back(log);
  return std::unique_ptr<sys::NetlinkSocket>(new FakeNetlinkSocket(scripts_[index], log));
}

Result<std::unique_ptr<sys::NetlinkSocket>> RecordingNetlinkOpener::Open(int protocol,
                                                                         size_t receive_buffer) {
  auto inner = inner_.Open(protocol, receive_buffer);
  if (!inner) return inner.error();
  sockets_.push_back(std::make_shared<std::vector<std::vector<uint8_t>>>());
  return std::unique_ptr<sys::NetlinkSocket>(
      new RecordingSocket(std::move(*inner), sockets_.back()));
}

const std::vector<std::vector<uint8_t>>& RecordingNetlinkOpener::last_datagrams() const {
  static const std::vector<std::vector<uint8_t>> kNone;
  return sockets_.empty() ? kNone : *sockets_.back();
}

std::vector<uint8_t> EncodeRecording(const std::vector<std::vector<uint8_t>>& datagrams) {
  std::vector<uint8_t> out;
  for (const auto& d : datagrams) {
    auto n = static_cast<uint32_t>(d.size());
    uint8_t len[4] = {static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8),
                      static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 24)};
    AppendBytes(out, len, 4);
    out.insert(out.end(), d.begin(), d.end());
  }
  return out;
}

std::vector<std::vector<uint8_t>> DecodeRecording(std::span<const uint8_t> bytes) {
  std::vector<std::vector<uint8_t>> out;
  size_t offset = 0;
  while (bytes.size() - offset >= 4) {
    size_t n = bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) |
               (size_t{bytes[offset + 3]} << 24);
    offset += 4;
    n = std::min(n, bytes.size() - offset);
    out.emplace_back(bytes.begin() + static_cast<long>(offset),
                     bytes.begin() + static_cast<long>(offset + n));
    offset += n;
  }
  return out;
}

FakeScript ReplayScript(const std::vector<std::vector<uint8_t>>& datagrams) {
  FakeScript script;
  for (const auto& d : datagrams) script.steps.push_back(RawDatagram(d));
  return script;
}

void AppendAttribute(std::vector<uint8_t>& out, uint16_t type, std::span<const uint8_t> payload) {
  AppendRawAttribute(out, static_cast<uint16_t>(4 + payload.size()), type, payload);
  PadTo4(out);
}

void AppendRawAttribute(std::vector<uint8_t>& out, uint16_t claimed_length, uint16_t type,
                        std::span<const uint8_t> bytes) {
  AppendBytes(out, &claimed_length, 2);
  AppendBytes(out, &type, 2);
  AppendBytes(out, bytes.data(), bytes.size());
}

std::vector<uint8_t> InetDiagPayload(const InetDiagSpec& spec) {
  inet_diag_msg msg{};
  msg.idiag_family = spec.family;
  msg.idiag_state = spec.state;
  msg.id.idiag_sport = htons(spec.local_port);
  msg.id.idiag_dport = htons(spec.peer_port);
  int af = spec.family == AF_INET6 ? AF_INET6 : AF_INET;
  if (inet_pton(af, spec.local.c_str(), msg.id.idiag_src) != 1 ||
      inet_pton(af, spec.peer.c_str(), msg.id.idiag_dst) != 1)
    throw std::invalid_argument("InetDiagPayload: bad address " + spec.local + " " + spec.peer);
  msg.id.idiag_if = spec.interface;
  msg.id.idiag_cookie[0] = static_cast<uint32_t>(spec.cookie);
  msg.id.idiag_cookie[1] = static_cast<uint32_t>(spec.cookie >> 32);
  msg.idiag_rqueue = spec.recv_q;
  msg.idiag_wqueue = spec.send_q;
  msg.idiag_uid = spec.uid;
  msg.idiag_inode = spec.inode;
  std::vector<uint8_t> out;
  AppendBytes(out, &msg, sizeof msg);
  PadTo4(out);
  return out;
}

void AppendTcpInfo(std::vector<uint8_t>& out, const tcp_info& info, size_t size) {
  AppendAttribute(out, INET_DIAG_INFO,
                  std::span(reinterpret_cast<const uint8_t*>(&info), std::min(size, sizeof info)));
}

void AppendMemInfo(std::vector<uint8_t>& out, uint16_t type, std::span<const uint32_t> values) {
  AppendAttribute(out, type,
                  std::span(reinterpret_cast<const uint8_t*>(values.data()), values.size_bytes()));
}

void AppendCongestion(std::vector<uint8_t>& out, const std::string& name, bool with_nul) {
  AppendAttribute(
      out, INET_DIAG_CONG,
      std::span(reinterpret_cast<const uint8_t*>(name.c_str()), name.size() + (with_nul ? 1 : 0)));
}

std::vector<uint8_t> UnixDiagPayload(const UnixDiagSpec& spec) {
  unix_diag_msg msg{};
  msg.udiag_family = AF_UNIX;
  msg.udiag_type = spec.type;
  msg.udiag_state = spec.state;
  msg.udiag_ino = spec.inode;
  msg.udiag_cookie[0] = static_cast<uint32_t>(spec.cookie);
  msg.udiag_cookie[1] = static_cast<uint32_t>(spec.cookie >> 32);
  std::vector<uint8_t> out;
  AppendBytes(out, &msg, sizeof msg);
  PadTo4(out);
  return out;
}

void AppendUnixName(std::vector<uint8_t>& out, const std::string& raw_name) {
  AppendAttribute(out, UNIX_DIAG_NAME,
                  std::span(reinterpret_cast<const uint8_t*>(raw_name.data()), raw_name.size()));
}

void AppendUnixPeer(std::vector<uint8_t>& out, uint32_t peer_inode) {
  AppendAttribute(out, UNIX_DIAG_PEER,
                  std::span(reinterpret_cast<const uint8_t*>(&peer_inode), sizeof peer_inode));
}

void AppendUnixRqlen(std::vector<uint8_t>& out, uint32_t rqueue, uint32_t wqueue) {
  unix_diag_rqlen rq{rqueue, wqueue};
  AppendAttribute(out, UNIX_DIAG_RQLEN,
                  std::span(reinterpret_cast<const uint8_t*>(&rq), sizeof rq));
}

FakeMessage TcpSocketMessage(uint32_t n) {
  InetDiagSpec spec;
  spec.local_port = static_cast<uint16_t>(10000 + n);
  spec.peer = "127.0.0.1";
  spec.peer_port = 80;
  spec.inode = 1000 + n;
  spec.cookie = 5000 + n;
  return DataMessage(InetDiagPayload(spec));
}

}  // namespace sockscope::testing
