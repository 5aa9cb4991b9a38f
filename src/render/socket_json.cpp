#include "render/socket_json.h"

#include <fmt/format.h>

#include "base/escape.h"
#include "render/json_keys.h"
#include "render/netns_identity.h"
#include "render/timer_text.h"

namespace sockscope::render {

void WriteEndpointJson(JsonWriter& w, const model::Endpoint& e) {
  w.BeginObject();
  thread_local std::string addr;  // reused: no allocation per socket
  addr.clear();
  e.addr.AppendTo(addr);
  w.StringField(json_key::kAddr, addr);
  w.Field(json_key::kPort, e.port);
  w.EndObject();
}

void WriteOwnerJson(JsonWriter& w, const model::Owner& owner) {
  w.BeginObject();
  w.Field(json_key::kPid, owner.pid);
  w.StringField(json_key::kComm, owner.comm);
  w.Field(json_key::kFd, owner.fd);
  w.EndObject();
}

namespace {

void WriteTcpInfo(JsonWriter& w, const model::TcpInfo& t) {
  w.BeginObject();
  w.Field(json_key::kRttUs, t.rtt_us);
  w.Field(json_key::kRttvarUs, t.rttvar_us);
  w.Field(json_key::kMinRttUs, t.min_rtt_us);
  w.Field(json_key::kRtoUs, t.rto_us);
  w.Field(json_key::kCwnd, t.snd_cwnd);
  w.Field(json_key::kSsthresh, t.snd_ssthresh);
  w.Field(json_key::kMss, t.snd_mss);
  w.Field(json_key::kRcvMss, t.rcv_mss);
  w.Field(json_key::kRetrans, t.retransmits);
  w.Field(json_key::kTotalRetrans, t.total_retrans);
  w.Field(json_key::kLost, t.lost);
  w.Field(json_key::kUnacked, t.unacked);
  w.Field(json_key::kBackoff, t.backoff);
  w.Field(json_key::kBytesAcked, t.bytes_acked);
  w.Field(json_key::kBytesReceived, t.bytes_received);
  // ~0 means "not paced"; multiplying it would wrap.
  if (t.pacing_rate_Bps != ~uint64_t{0}) w.Field(json_key::kPacingRateBps, t.pacing_rate_Bps * 8);
  if (t.has_delivery_rate) w.Field(json_key::kDeliveryRateBps, t.delivery_rate_Bps * 8);
  w.Field(json_key::kLastSendMs, t.last_send_ms);
  w.Field(json_key::kLastRecvMs, t.last_recv_ms);
  w.EndObject();
}

void WriteMemory(JsonWriter& w, const model::MemInfo& m) {
  w.BeginObject();
  w.Field(json_key::kRmemAlloc, m.rmem_alloc);
  w.Field(json_key::kRcvbuf, m.rcvbuf);
  w.Field(json_key::kWmemAlloc, m.wmem_alloc);
  w.Field(json_key::kSndbuf, m.sndbuf);
  w.Field(json_key::kFwdAlloc, m.fwd_alloc);
  w.Field(json_key::kWmemQueued, m.wmem_queued);
  w.Field(json_key::kOptmem, m.optmem);
  w.Field(json_key::kBacklog, m.backlog);
  w.Field(json_key::kDrops, m.drops);
  w.EndObject();
}

}  // namespace

void WriteSocketJson(JsonWriter& w, const model::Socket& s, std::span<const model::Owner> owners,
                     const SocketView& view) {
  char cookie[24];
  auto cookie_end = fmt::format_to_n(cookie, sizeof cookie, "0x{:x}", s.cookie).out;
  char netns[24];
  auto netns_end = fmt::format_to_n(netns, sizeof netns, "{}", s.netns).out;

  w.BeginObject();
  w.StringField(json_key::kNetns, std::string_view(netns, netns_end - netns));
  if (view.netns && view.identity) view.identity->WriteJsonFields(w, s.netns);
  w.StringField(json_key::kProto, model::ProtoName(s.proto));
  w.StringField(json_key::kFamily, model::FamilyName(s.family));
  if (s.family == model::Family::kInet6 && s.v6only_known) w.Field(json_key::kV6only, s.v6only);
  if (s.interface != 0) {
    // Bound to a device (ss's %dev): its index, and its name when known.
    w.Key(json_key::kDev);
    w.BeginObject();
    w.Field(json_key::kIndex, s.interface);
    w.Key(json_key::kName);
    const std::string* name = nullptr;
    if (view.interface_names) {
      auto it = view.interface_names->find({s.netns, s.interface});
      if (it != view.interface_names->end()) name = &it->second;
    }
    if (name)
      w.String(*name);
    else
      w.Null();
    w.EndObject();
  }
  if (s.proto == model::Proto::kUnix || s.proto == model::Proto::kPacket)
    w.StringField(json_key::kType, model::SocketTypeName(s.socket_type));
  w.StringField(json_key::kState, model::StateName(s.state));
  w.Field(json_key::kRecvQ, s.recv_q);
  w.Key(json_key::kSendQ);
  if (s.send_q_known)
    w.Uint(s.send_q);
  else
    w.Null();
  if (s.proto == model::Proto::kUnix) {
    w.Key(json_key::kLocal);
    w.BeginObject();
    w.StringField(json_key::kPath, s.unix_path);
    w.EndObject();
    w.Key(json_key::kPeer);
    w.BeginObject();
    w.Field(json_key::kInode, s.unix_peer_inode);
    w.EndObject();
  } else if (s.proto == model::Proto::kNetlink && s.netlink) {
    // Netlink ends: protocol and port id; the peer only when connected.
    w.Key(json_key::kLocal);
    w.BeginObject();
    w.Field(json_key::kProtocol, s.netlink->protocol);
    w.Field(json_key::kPortid, s.netlink->portid);
    w.EndObject();
    w.Key(json_key::kPeer);
    if (s.netlink->connected) {
      w.BeginObject();
      w.Field(json_key::kPortid, s.netlink->dst_portid);
      w.Field(json_key::kGroup, s.netlink->dst_group);
      w.EndObject();
    } else {
      w.Null();
    }
  } else if (s.proto == model::Proto::kPacket && s.packet) {
    // What it captures (the link-layer protocol; its device is `dev`, none
    // for every device); it has no peer.
    w.Key(json_key::kLocal);
    w.BeginObject();
    w.Field(json_key::kProtocol, s.packet->protocol);
    w.EndObject();
    w.Key(json_key::kPeer);
    w.Null();
  } else {
    w.Key(json_key::kLocal);
    WriteEndpointJson(w, s.local);
    w.Key(json_key::kPeer);
    WriteEndpointJson(w, s.peer);
  }
  w.Field(json_key::kInode, s.inode);
  w.Field(json_key::kUid, s.uid);
  w.StringField(json_key::kCookie, std::string_view(cookie, cookie_end - cookie));
  if (view.processes) {
    w.Key(json_key::kProcesses);
    if (!view.owners_complete && s.inode && owners.empty()) {
      w.Null();
    } else {
      w.BeginArray();
      for (const auto& o : owners) WriteOwnerJson(w, o);
      w.EndArray();
    }
  }
  if (view.timers && s.timer != 0) {
    w.Key(json_key::kTimer);
    w.BeginObject();
    w.StringField(json_key::kName, TimerName(s.timer));
    w.Field(json_key::kExpiresMs, s.timer_expires_ms);
    w.Field(json_key::kRetrans, s.timer_retrans);
    w.EndObject();
  }
  if (view.tcp_info && s.tcp_info) {
    w.Key(json_key::kTcpInfo);
    WriteTcpInfo(w, *s.tcp_info);
    if (!s.congestion.empty()) w.StringField(json_key::kCongestion, s.congestion);
  }
  if (view.memory && s.mem) {
    w.Key(json_key::kMemory);
    WriteMemory(w, *s.mem);
  }
  w.EndObject();
}

std::string NoteText(const model::Note& note) {
  const char* level = note.level == model::NoteLevel::kError     ? "error"
                      : note.level == model::NoteLevel::kWarning ? "warning"
                                                                 : "info";
  // Notes quote namespace names, paths and option values: escaped here, once,
  // for every output that shows a note (tables, stderr, JSON, top).
  return fmt::format("{}: {}: {}", level, base::EscapeForMessage(note.source),
                     base::EscapeForMessage(note.message));
}

void WriteNotesJson(JsonWriter& w, const std::vector<model::Note>& notes) {
  w.BeginArray();
  for (const auto& n : notes) w.String(NoteText(n));
  w.EndArray();
}

void WriteRunStatusJson(JsonWriter& w, const model::Snapshot& snapshot) {
  WriteCompletenessJson(w, snapshot);
  w.Key(json_key::kNotes);
  WriteNotesJson(w, snapshot.notes);
}

void WriteCompletenessJson(JsonWriter& w, const model::Snapshot& snapshot) {
  w.Field(json_key::kComplete, snapshot.Complete());
  w.Key(json_key::kSources);
  w.BeginArray();
  for (const auto& s : snapshot.sources) {
    w.BeginObject();
    w.StringField(json_key::kSource, s.source);
    if (s.netns) w.StringField(json_key::kNetns, fmt::format("{}", s.netns));
    w.StringField(json_key::kStatus, model::SourceStatusName(s.status));
    if (!s.via.empty()) w.StringField(json_key::kVia, s.via);
    if (!s.reason.empty()) w.StringField(json_key::kReason, s.reason);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace sockscope::render
