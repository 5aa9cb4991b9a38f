#include "sys/netlink_record.h"

#include <linux/netlink.h>

#include <atomic>
#include <charconv>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace sockscope::sys {
namespace {

using base::Deadline;
using base::ErrorKind;
using base::MakeError;
using base::Result;

// ---- recording

class RecordingSocket final : public NetlinkSocket {
 public:
  RecordingSocket(std::unique_ptr<NetlinkSocket> inner, RecordWriter& out, std::string id)
      : inner_(std::move(inner)), out_(out), id_(std::move(id)) {}

  uint32_t PortId() const override { return inner_->PortId(); }

  Result<void> Send(std::span<const uint8_t> request, const Deadline& deadline) override {
    auto r = inner_->Send(request, deadline);
    std::vector<std::string> fields{"send", id_};
    if (r) {
      fields.push_back("ok");
    } else {
      AppendErrorFields(r.error(), fields);
    }
    out_.Append(fields, Bytes(request));
    return r;
  }

  Result<ReceivedDatagram> Receive(std::span<uint8_t> buffer, const Deadline& deadline) override {
    auto r = inner_->Receive(buffer, deadline);
    std::vector<std::string> fields{"recv", id_};
    if (r) {
      fields.insert(fields.end(), {"ok", std::to_string(r->sender_port), r->truncated ? "1" : "0"});
      out_.Append(fields, Bytes(buffer.first(std::min(r->bytes, buffer.size()))));
    } else {
      AppendErrorFields(r.error(), fields);
      out_.Append(fields, {});
    }
    return r;
  }

 private:
  static std::string_view Bytes(std::span<const uint8_t> s) {
    return {reinterpret_cast<const char*>(s.data()), s.size()};
  }
  std::unique_ptr<NetlinkSocket> inner_;
  RecordWriter& out_;
  std::string id_;
};

class RecordingOpener final : public NetlinkOpener {
 public:
  RecordingOpener(NetlinkOpener& inner, RecordWriter& out) : inner_(inner), out_(out) {}

  Result<std::unique_ptr<NetlinkSocket>> Open(int protocol, size_t receive_buffer) override {
    std::string id = std::to_string(next_id_.fetch_add(1) + 1);
    auto s = inner_.Open(protocol, receive_buffer);
    std::vector<std::string> fields{"open", id, std::to_string(protocol),
                                    std::to_string(receive_buffer)};
    if (!s) {
      AppendErrorFields(s.error(), fields);
      out_.Append(fields, {});
      return s.error();
    }
    fields.insert(fields.end(), {"ok", std::to_string((*s)->PortId())});
    out_.Append(fields, {});
    return std::unique_ptr<NetlinkSocket>(
        std::make_unique<RecordingSocket>(std::move(*s), out_, std::move(id)));
  }

 private:
  NetlinkOpener& inner_;
  RecordWriter& out_;
  std::atomic<uint64_t> next_id_{0};
};

// ---- replay

struct Event {
  bool ok = true;
  base::Error error;
  std::string bytes;
  uint32_t sender_port = 0;
  bool truncated = false;
};

struct Conversation {
  int protocol = 0;
  bool open_ok = true;
  base::Error open_error;
  uint32_t port = 0;
  bool sent = false;
  bool send_ok = true;
  base::Error send_error;
  std::string request;  // as recorded
  std::vector<Event> receives;
};

// The request with its sequence number and port id zeroed: what must match.
std::string RequestKey(int protocol, std::string_view request) {
  std::string key = std::to_string(protocol) + ":";
  key.append(request);
  size_t base = key.size() - request.size();
  if (request.size() >= sizeof(nlmsghdr))
    for (size_t i = offsetof(nlmsghdr, nlmsg_seq); i < sizeof(nlmsghdr); ++i) key[base + i] = 0;
  return key;
}

uint32_t ReadU32(std::string_view bytes, size_t at) {
  uint32_t v = 0;
  if (bytes.size() >= at + 4) std::memcpy(&v, bytes.data() + at, 4);
  return v;
}

class ReplayState {
 public:
  explicit ReplayState(std::vector<Conversation> conversations)
      : conversations_(std::move(conversations)) {
    for (size_t i = 0; i < conversations_.size(); ++i) {
      const auto& c = conversations_[i];
      if (c.sent) by_request_[RequestKey(c.protocol, c.request)].push_back(i);
      if (!c.open_ok) open_failures_.emplace(c.protocol, i);
      if (c.open_ok) opened_protocols_.insert({c.protocol, true});
    }
  }

  // The error a fresh socket of this protocol got when recorded, if every
  // recorded open of it failed; a kUnsupported error if none was recorded.
  std::optional<base::Error> OpenError(int protocol) const {
    if (opened_protocols_.count(protocol)) return std::nullopt;
    if (auto it = open_failures_.find(protocol); it != open_failures_.end())
      return conversations_[it->second].open_error;
    return MakeError(ErrorKind::kUnsupported,
                     fmt::format("netlink protocol {}: not in the recording", protocol));
  }

  const Conversation* Match(int protocol, std::span<const uint8_t> request) {
    std::string_view bytes(reinterpret_cast<const char*>(request.data()), request.size());
    std::lock_guard lock(mu_);
    auto it = by_request_.find(RequestKey(protocol, bytes));
    if (it == by_request_.end()) return nullptr;
    size_t& used = served_[it->first];
    size_t index = it->second[std::min(used, it->second.size() - 1)];
    ++used;
    return &conversations_[index];
  }

 private:
  std::vector<Conversation> conversations_;
  std::map<std::string, std::vector<size_t>> by_request_;
  std::multimap<int, size_t> open_failures_;
  std::map<int, bool> opened_protocols_;
  std::mutex mu_;
  std::map<std::string, size_t> served_;
};

class ReplaySocket final : public NetlinkSocket {
 public:
  ReplaySocket(std::shared_ptr<ReplayState> state, int protocol)
      : state_(std::move(state)), protocol_(protocol) {}

  uint32_t PortId() const override { return kReplayPortId; }

  Result<void> Send(std::span<const uint8_t> request, const Deadline&) override {
    conversation_ = state_->Match(protocol_, request);
    if (!conversation_)
      return MakeError(ErrorKind::kUnsupported,
                       fmt::format("netlink request (protocol {}, {} bytes): not in the recording",
                                   protocol_, request.size()));
    seq_ = request.size() >= sizeof(nlmsghdr)
               ? ReadU32({reinterpret_cast<const char*>(request.data()), request.size()},
                         offsetof(nlmsghdr, nlmsg_seq))
               : 0;
    next_ = 0;
    if (!conversation_->send_ok) return conversation_->send_error;
    return {};
  }

  Result<ReceivedDatagram> Receive(std::span<uint8_t> buffer, const Deadline&) override {
    if (!conversation_ || next_ >= conversation_->receives.size())
      return MakeError(ErrorKind::kTimeout, "netlink receive: the recording ends here");
    const Event& e = conversation_->receives[next_++];
    if (!e.ok) return e.error;
    ReceivedDatagram d;
    d.bytes = std::min(buffer.size(), e.bytes.size());
    d.truncated = e.truncated || e.bytes.size() > buffer.size();
    d.sender_port = e.sender_port;
    std::memcpy(buffer.data(), e.bytes.data(), d.bytes);
    PatchIds(buffer.first(d.bytes));
    return d;
  }

 private:
  // Messages addressed to the recorded socket and dump now carry ours.
  void PatchIds(std::span<uint8_t> bytes) const {
    const std::string& req = conversation_->request;
    uint32_t old_seq = ReadU32(req, offsetof(nlmsghdr, nlmsg_seq));
    size_t at = 0;
    while (bytes.size() - at >= sizeof(nlmsghdr)) {
      nlmsghdr h;
      std::memcpy(&h, bytes.data() + at, sizeof h);
      if (h.nlmsg_pid == conversation_->port && h.nlmsg_seq == old_seq) {
        h.nlmsg_pid = kReplayPortId;
        h.nlmsg_seq = seq_;
        std::memcpy(bytes.data() + at, &h, sizeof h);
      }
      if (h.nlmsg_len < sizeof(nlmsghdr)) break;
      size_t step = NLMSG_ALIGN(static_cast<size_t>(h.nlmsg_len));
      if (step > bytes.size() - at) break;
      at += step;
    }
  }

  std::shared_ptr<ReplayState> state_;
  int protocol_;
  const Conversation* conversation_ = nullptr;
  uint32_t seq_ = 0;
  size_t next_ = 0;
};

class ReplayOpener final : public NetlinkOpener {
 public:
  explicit ReplayOpener(std::shared_ptr<ReplayState> state) : state_(std::move(state)) {}
  Result<std::unique_ptr<NetlinkSocket>> Open(int protocol, size_t) override {
    if (auto e = state_->OpenError(protocol)) return *e;
    return std::unique_ptr<NetlinkSocket>(std::make_unique<ReplaySocket>(state_, protocol));
  }

 private:
  std::shared_ptr<ReplayState> state_;
};

template <typename T>
bool ParseNumber(const std::string& s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::unique_ptr<NetlinkOpener> MakeRecordingNetlinkOpener(NetlinkOpener& inner, RecordWriter& out) {
  return std::make_unique<RecordingOpener>(inner, out);
}

Result<std::unique_ptr<NetlinkOpener>> MakeReplayNetlinkOpener(std::string_view file) {
  auto records = ParseRecords(file, "netlink.rec");
  if (!records) return records.error();
  std::vector<Conversation> conversations;
  std::map<std::string, size_t> by_id;
  size_t n = 0;
  for (const Record& r : *records) {
    ++n;
    auto bad = [&](const std::string& why) {
      return MakeError(ErrorKind::kMalformed, fmt::format("netlink.rec: record {}: {}", n, why));
    };
    const auto& f = r.fields;
    if (f.size() < 3) return bad("too few fields");
    const std::string& op = f[0];
    if (op == "open") {
      if (f.size() < 5) return bad("too few fields");
      if (by_id.count(f[1])) return bad("socket " + f[1] + " opened twice");
      Conversation c;
      size_t ignored_buffer = 0;
      if (!ParseNumber(f[2], c.protocol) || !ParseNumber(f[3], ignored_buffer))
        return bad("bad protocol or buffer size");
      if (f[4] == "ok") {
        if (f.size() != 6 || !ParseNumber(f[5], c.port)) return bad("bad port id");
      } else if (f[4] == "error") {
        auto e = ParseErrorFields(f, 5);
        if (!e) return bad("bad error fields");
        c.open_ok = false;
        c.open_error = *e;
      } else {
        return bad("bad status '" + f[4] + "'");
      }
      by_id[f[1]] = conversations.size();
      conversations.push_back(std::move(c));
      continue;
    }
    auto it = by_id.find(f[1]);
    if (it == by_id.end()) return bad("socket " + f[1] + " was never opened");
    Conversation& c = conversations[it->second];
    if (!c.open_ok) return bad("socket " + f[1] + " failed to open");
    Event e;
    if (f[2] == "ok") {
      e.ok = true;
    } else if (f[2] == "error") {
      auto err = ParseErrorFields(f, 3);
      if (!err) return bad("bad error fields");
      e.ok = false;
      e.error = *err;
    } else {
      return bad("bad status '" + f[2] + "'");
    }
    if (op == "send") {
      if (c.sent) return bad("socket " + f[1] + " sent twice");
      c.sent = true;
      c.send_ok = e.ok;
      c.send_error = e.error;
      c.request = r.payload;
    } else if (op == "recv") {
      if (!c.sent) return bad("socket " + f[1] + " received before sending");
      if (e.ok) {
        if (f.size() != 5 || !ParseNumber(f[3], e.sender_port) || (f[4] != "0" && f[4] != "1"))
          return bad("bad datagram fields");
        e.truncated = f[4] == "1";
        e.bytes = r.payload;
      }
      c.receives.push_back(std::move(e));
    } else {
      return bad("unknown operation '" + op + "'");
    }
  }
  return std::unique_ptr<NetlinkOpener>(
      std::make_unique<ReplayOpener>(std::make_shared<ReplayState>(std::move(conversations))));
}

}  // namespace sockscope::sys
