#include "render/stats_render.h"
#include "render/columns.h"

#include <array>
#include <map>

#include <fmt/format.h>

#include "render/json_keys.h"
#include "render/json_writer.h"
#include "render/registry.h"
#include "render/socket_json.h"
#include "render/table.h"

namespace sockscope::render {
namespace {

// Counts per "netid" (tcp, udp, u_str...) and state name, in a stable order.
std::map<std::string, std::map<std::string, uint64_t>> CountStates(const model::Snapshot& s) {
  std::map<std::string, std::map<std::string, uint64_t>> counts;
  for (const auto& sock : s.sockets) {
    std::string state(sock.proto != model::Proto::kTcp && sock.state == model::State::kClose
                          ? "UNCONN"
                          : model::StateName(sock.state));
    ++counts[std::string(model::NetidName(sock.proto, sock.socket_type))][state];
  }
  return counts;
}

const model::NetnsData* FirstNetns(const model::Snapshot* s) {
  return s && !s->namespaces.empty() ? &s->namespaces.front() : nullptr;
}

}  // namespace

void RenderStatsTable(const StatsInput& in, std::string& out) {
  auto it = std::back_inserter(out);
  auto counts = CountStates(in.current);
  fmt::format_to(it, "Sockets: {} total\n", in.current.sockets.size());
  {
    Table t({column::kNetid, column::kState, column::kCount});
    for (const auto& [netid, states] : counts)
      for (const auto& [state, n] : states) {
        t.AddCell(netid);
        t.AddCell(state);
        t.AddCell(fmt::format("{}", n));
        t.EndRow();
      }
    t.Render(out, true);
  }
  const model::NetnsData* cur = FirstNetns(&in.current);
  const model::NetnsData* prev = FirstNetns(in.previous);
  if (cur) {
    const auto& ss = cur->sockstat;
    if (ss.tcp_inuse)
      fmt::format_to(it, "\nTCP (sockstat): inuse {} orphan {} tw {} alloc {} mem {} pages\n",
                     *ss.tcp_inuse, ss.tcp_orphan.value_or(0), ss.tcp_tw.value_or(0),
                     ss.tcp_alloc.value_or(0), ss.tcp_mem_pages.value_or(0));
    out += "\nCounters (since boot or namespace creation)\n";
    std::vector<Table::Column> cols = {column::kCounter, column::kTotal};
    if (prev) {
      cols.push_back({fmt::format("+{:.1f}s", in.seconds), Align::kRight});
      cols.push_back(column::kPerSecond);
    }
    Table t(std::move(cols));
    for (const auto& spec : ConnectionCounters()) {
      auto v = cur->counters.Get(spec.key);
      if (!v) continue;
      t.AddCell(spec.key);
      t.AddCell(fmt::format("{}", *v));
      if (prev) {
        auto p = prev->counters.Get(spec.key);
        if (p && *v >= *p) {
          t.AddCell(fmt::format("{}", *v - *p));
          t.AddCell(in.seconds > 0 ? fmt::format("{:.1f}", (*v - *p) / in.seconds) : "-");
        } else {
          t.AddCell("-");
          t.AddCell("-");
        }
      }
      t.EndRow();
    }
    t.Render(out, true);
    out += "\nLimits\n";
    Table lt({column::kSysctl, column::kValue});
    for (const auto& spec : Limits()) {
      const auto& v = cur->limits.*(spec.field);
      lt.AddCell(spec.sysctl);
      lt.AddCell(v ? fmt::format("{}", *v) : "unknown");
      lt.EndRow();
    }
    lt.Render(out, true);
  }
  for (const auto& n : in.current.notes)
    if (n.level != model::NoteLevel::kInfo) fmt::format_to(it, "Note: {}\n", NoteText(n));
}

void RenderStatsJson(const StatsInput& in, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key(json_key::kSockets);
  w.BeginObject();
  for (const auto& [netid, states] : CountStates(in.current)) {
    w.Key(netid);
    w.BeginObject();
    for (const auto& [state, n] : states) w.Field(state, n);
    w.EndObject();
  }
  w.EndObject();
  const model::NetnsData* cur = FirstNetns(&in.current);
  const model::NetnsData* prev = FirstNetns(in.previous);
  if (cur) {
    w.StringField(json_key::kNetns, fmt::format("{}", cur->inode));
    w.Key(json_key::kCounters);
    w.BeginObject();
    for (const auto& spec : ConnectionCounters())
      if (auto v = cur->counters.Get(spec.key)) w.Field(spec.key, *v);
    w.EndObject();
    if (prev) {
      w.Key(json_key::kDeltas);
      w.BeginObject();
      for (const auto& spec : ConnectionCounters()) {
        auto v = cur->counters.Get(spec.key);
        auto p = prev->counters.Get(spec.key);
        if (v && p && *v >= *p) w.Field(spec.key, *v - *p);
      }
      w.EndObject();
      w.Field(json_key::kIntervalSeconds, in.seconds);
    }
    w.Key(json_key::kLimits);
    w.BeginObject();
    for (const auto& spec : Limits()) {
      const auto& v = cur->limits.*(spec.field);
      w.Key(spec.sysctl);
      if (v)
        w.Int(*v);
      else
        w.Null();
    }
    w.EndObject();
    w.Key(json_key::kSockstat);
    w.BeginObject();
    const auto& ss = cur->sockstat;
    auto opt = [&](std::string_view k, const std::optional<uint64_t>& v) {
      w.Key(k);
      if (v)
        w.Uint(*v);
      else
        w.Null();
    };
    opt("tcp_inuse", ss.tcp_inuse);
    opt("tcp_orphan", ss.tcp_orphan);
    opt("tcp_tw", ss.tcp_tw);
    opt("tcp_alloc", ss.tcp_alloc);
    opt("tcp_mem_pages", ss.tcp_mem_pages);
    w.EndObject();
  }
  WriteRunStatusJson(w, in.current);
  w.EndObject();
  out += '\n';
}

}  // namespace sockscope::render
