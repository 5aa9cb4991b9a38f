#include "render/listener_render.h"
#include "render/columns.h"

#include <fmt/format.h>

#include "base/escape.h"
#include "render/address.h"
#include "render/json_keys.h"
#include "render/json_writer.h"
#include "render/socket_json.h"
#include "render/table.h"

namespace sockscope::render {

std::string ListenerName(const model::Listener& l) {
  std::string out;
  AppendEndpoint(out, l.local);
  return out;
}

std::string OwnersText(const std::vector<model::Owner>& owners) {
  if (owners.empty()) return "";
  // One process may hold the listener in several fds, several processes may share it.
  std::string out;
  base::AppendEscapedForTerminal(out, owners[0].comm);
  fmt::format_to(std::back_inserter(out), " (pid {})", owners[0].pid);
  size_t others = 0;
  for (size_t i = 1; i < owners.size(); ++i)
    if (owners[i].pid != owners[0].pid) ++others;
  if (others) fmt::format_to(std::back_inserter(out), " +{} more", others);
  return out;
}

void WriteListenerJson(JsonWriter& w, const model::Listener& l, const NetnsIdentity* identity,
                       std::optional<uint64_t> drops_delta) {
  w.BeginObject();
  w.StringField(json_key::kNetns, fmt::format("{}", l.netns));
  if (identity) identity->WriteJsonFields(w, l.netns);
  w.StringField(json_key::kFamily, model::FamilyName(l.family));
  w.Key(json_key::kLocal);
  WriteEndpointJson(w, l.local);
  w.Field(json_key::kInode, l.inode);
  w.Key(json_key::kProcesses);
  w.BeginArray();
  for (const auto& o : l.owners) WriteOwnerJson(w, o);
  w.EndArray();
  w.Field(json_key::kOwnersKnown, l.owners_known);
  w.Key(json_key::kAcceptQueue);
  w.BeginObject();
  w.Field(json_key::kLen, l.accept_queue_len);
  w.Key(json_key::kMax);
  if (l.accept_queue_max_known)
    w.Uint(l.accept_queue_max);
  else
    w.Null();
  w.Field(json_key::kFull, l.Full());
  w.EndObject();
  w.Key(json_key::kFill);
  if (l.accept_queue_max_known)
    w.Double(l.Fill());
  else
    w.Null();
  w.Field(json_key::kSynRecv, l.syn_recv);
  w.Field(json_key::kUnaccepted, l.unaccepted);
  w.Key(json_key::kDrops);
  if (l.drops_known)
    w.Uint(l.drops);
  else
    w.Null();
  w.Field(json_key::kReuseportGroup, l.reuseport_group);
  if (drops_delta) w.Field(json_key::kDropsDelta, *drops_delta);
  w.EndObject();
}

void RenderListenersTable(const std::vector<model::Listener>& listeners,
                          const ListenerDeltas& deltas, bool header, const NetnsIdentity& identity,
                          std::string& out) {
  const bool netns_column = identity.active();
  std::vector<Table::Column> cols;
  if (netns_column) cols.push_back(column::kNetns);
  if (identity.container_column()) cols.push_back(column::kContainer);
  if (identity.pod_column()) cols.push_back(column::kPod);
  for (const auto& c : {column::kLocal, column::kAcceptQ, column::kFill, column::kSynRecv,
                        column::kUnaccepted, column::kDrops})
    cols.push_back(c);
  if (deltas.present) cols.push_back(column::kDropsInterval);
  cols.push_back(column::kProcess);
  Table table(std::move(cols));
  for (size_t i = 0; i < listeners.size(); ++i) {
    const auto& l = listeners[i];
    if (netns_column) table.AddCell(fmt::format("{}", l.netns));
    if (identity.container_column()) table.AddCell(identity.ContainerCell(l.netns));
    if (identity.pod_column()) table.AddCell(identity.PodCell(l.netns));
    table.AddCell(ListenerName(l));
    table.AddCell(l.accept_queue_max_known
                      ? fmt::format("{}/{}", l.accept_queue_len, l.accept_queue_max)
                      : fmt::format("{}/-", l.accept_queue_len));
    table.AddCell(l.accept_queue_max_known ? fmt::format("{:.0f}%", l.Fill() * 100) : "-");
    table.AddCell(fmt::format("{}", l.syn_recv));
    table.AddCell(fmt::format("{}", l.unaccepted));
    table.AddCell(l.drops_known ? fmt::format("{}", l.drops) : "-");
    if (deltas.present)
      table.AddCell(i < deltas.drops.size() ? fmt::format("{}", deltas.drops[i]) : "-");
    if (!l.owners.empty())
      table.AddCell(OwnersText(l.owners));
    else
      table.AddCell(l.owners_known ? "(no process)" : "(unknown: not permitted)");
    table.EndRow();
  }
  table.Render(out, header);
  if (!deltas.present) return;
  fmt::format_to(std::back_inserter(out), "Over {:.1f}s: ListenOverflows +{}, ListenDrops +{}",
                 deltas.seconds, deltas.listen_overflows, deltas.listen_drops);
  if (netns_column)
    fmt::format_to(std::back_inserter(out), " (sum over {} namespace{})\n",
                   identity.namespace_count(), identity.namespace_count() == 1 ? "" : "s");
  else
    out += " (this namespace)\n";
}

void RenderListenersJson(const std::vector<model::Listener>& listeners,
                         const ListenerDeltas& deltas, const model::Snapshot& snapshot,
                         const NetnsIdentity& identity, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key(json_key::kListeners);
  w.BeginArray();
  for (size_t i = 0; i < listeners.size(); ++i) {
    std::optional<uint64_t> drops_delta;
    if (deltas.present) drops_delta = i < deltas.drops.size() ? deltas.drops[i] : 0;
    WriteListenerJson(w, listeners[i], &identity, drops_delta);
  }
  w.EndArray();
  if (deltas.present) {
    w.Key(json_key::kInterval);
    w.BeginObject();
    w.Field(json_key::kSeconds, deltas.seconds);
    w.Field(json_key::kListenOverflows, deltas.listen_overflows);
    w.Field(json_key::kListenDrops, deltas.listen_drops);
    w.EndObject();
  }
  WriteRunStatusJson(w, snapshot);
  w.EndObject();
  out += '\n';
}

}  // namespace sockscope::render
