#include "render/socket_json.h"

#include <fmt/format.h>

#include "base/escape.h"
#include "render/netns_identity.h"

namespace sockscope::render {

void WriteEndpointJson(JsonWriter& w, const model::Endpoint& e) {
  w.BeginObject();
  thread_local std::string addr;  // reused: no allocation per socket
  addr.clear();
  e.addr.AppendTo(addr);
  w.StringField("addr", addr);
  w.Field("port", e.port);
  w.EndObject();
}

void WriteOwnerJson(JsonWriter& w, const model::Owner& owner) {
  w.BeginObject();
  w.Field("pid", owner.pid);
  w.StringField("comm", owner.comm);
  w.Field("fd", owner.fd);
  w.EndObject();
}

namespace {

void WriteTcpInfo(JsonWriter& w, const model::TcpInfo& t) {
  w.BeginObject();
  w.Field("rtt_us", t.rtt_us);
  w.Field("rttvar_us", t.rttvar_us);
  w.Field("min_rtt_us", t.min_rtt_us);
  w.Field("rto_us", t.rto_us);
  w.Field("cwnd", t.snd_cwnd);
  w.Field("ssthresh", t.snd_ssthresh);
  w.Field("mss", t.snd_mss);
  w.Field("rcv_mss", t.rcv_mss);
  w.Field("retrans", t.retransmits);
  w.Field("total_retrans", t.total_retrans);
  w.Field("lost", t.lost);
  w.Field("unacked", t.unacked);
  w.Field("backoff", t.backoff);
  w.Field("bytes_acked", t.bytes_acked);
  w.Field("bytes_received", t.bytes_received);
  // ~0 means "not paced"; multiplying it would wrap.
  if (t.pacing_rate_Bps != ~uint64_t{0}) w.Field("pacing_rate_bps", t.pacing_rate_Bps * 8);
  if (t.has_delivery_rate) w.Field("delivery_rate_bps", t.delivery_rate_Bps * 8);
  w.Field("last_send_ms", t.last_send_ms);
  w.Field("last_recv_ms", t.last_recv_ms);
  w.EndObject();
}

void WriteMemory(JsonWriter& w, const model::MemInfo& m) {
  w.BeginObject();
  w.Field("rmem_alloc", m.rmem_alloc);
  w.Field("rcvbuf", m.rcvbuf);
  w.Field("wmem_alloc", m.wmem_alloc);
  w.Field("sndbuf", m.sndbuf);
  w.Field("fwd_alloc", m.fwd_alloc);
  w.Field("wmem_queued", m.wmem_queued);
  w.Field("optmem", m.optmem);
  w.Field("backlog", m.backlog);
  w.Field("drops", m.drops);
  w.EndObject();
}

}  // namespace

void WriteSocketJson(JsonWriter& w, const model::Socket& s, const std::vector<model::Owner>* owners,
                     const SocketView& view) {
  char cookie[24];
  auto cookie_end = fmt::format_to_n(cookie, sizeof cookie, "0x{:x}", s.cookie).out;
  char netns[24];
  auto netns_end = fmt::format_to_n(netns, sizeof netns, "{}", s.netns).out;

  w.BeginObject();
  w.StringField("netns", std::string_view(netns, netns_end - netns));
  if (view.netns && view.identity) view.identity->WriteJsonFields(w, s.netns);
  w.StringField("proto", model::ProtoName(s.proto));
  w.StringField("family", model::FamilyName(s.family));
  if (s.proto == model::Proto::kUnix) w.StringField("type", model::UnixTypeName(s.unix_type));
  w.StringField("state", model::StateName(s.state));
  w.Field("recv_q", s.recv_q);
  w.Key("send_q");
  if (s.send_q_known)
    w.Uint(s.send_q);
  else
    w.Null();
  if (s.proto == model::Proto::kUnix) {
    w.Key("local");
    w.BeginObject();
    w.StringField("path", s.unix_path);
    w.EndObject();
    w.Key("peer");
    w.BeginObject();
    w.Field("inode", s.unix_peer_inode);
    w.EndObject();
  } else {
    w.Key("local");
    WriteEndpointJson(w, s.local);
    w.Key("peer");
    WriteEndpointJson(w, s.peer);
  }
  w.Field("inode", s.inode);
  w.Field("uid", s.uid);
  w.StringField("cookie", std::string_view(cookie, cookie_end - cookie));
  if (view.processes) {
    w.Key("processes");
    if (!view.owners_complete && s.inode && (!owners || owners->empty())) {
      w.Null();
    } else {
      w.BeginArray();
      if (owners)
        for (const auto& o : *owners) WriteOwnerJson(w, o);
      w.EndArray();
    }
  }
  if (view.tcp_info && s.tcp_info) {
    w.Key("tcp_info");
    WriteTcpInfo(w, *s.tcp_info);
    if (!s.congestion.empty()) w.StringField("congestion", s.congestion);
  }
  if (view.memory && s.mem) {
    w.Key("memory");
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
  w.Key("notes");
  WriteNotesJson(w, snapshot.notes);
}

void WriteCompletenessJson(JsonWriter& w, const model::Snapshot& snapshot) {
  w.Field("complete", snapshot.Complete());
  w.Key("sources");
  w.BeginArray();
  for (const auto& s : snapshot.sources) {
    w.BeginObject();
    w.StringField("source", s.source);
    if (s.netns) w.StringField("netns", fmt::format("{}", s.netns));
    w.StringField("status", model::SourceStatusName(s.status));
    if (!s.via.empty()) w.StringField("via", s.via);
    if (!s.reason.empty()) w.StringField("reason", s.reason);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace sockscope::render
