#include "render/prometheus_listeners.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

namespace sockscope::render {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;

void Add(ListenerRow& row, const model::Listener& l) {
  row.accept_queue_len += l.accept_queue_len;
  row.accept_queue_max += l.accept_queue_max;
  row.accept_queue_max_known = row.accept_queue_max_known && l.accept_queue_max_known;
  row.syn_recv += l.syn_recv;
  row.unaccepted += l.unaccepted;
  row.drops += l.drops;
  row.drops_known = row.drops_known && l.drops_known;
}

void Merge(ListenerRow& into, const ListenerRow& from) {
  into.accept_queue_len += from.accept_queue_len;
  into.accept_queue_max += from.accept_queue_max;
  into.accept_queue_max_known = into.accept_queue_max_known && from.accept_queue_max_known;
  into.syn_recv += from.syn_recv;
  into.unaccepted += from.unaccepted;
  into.drops += from.drops;
  into.drops_known = into.drops_known && from.drops_known;
}

std::string ProcessOf(const model::Listener& l) {
  if (l.owners.empty()) return "";
  // Owners are sorted by pid (collect/owners.h): the lowest pid names the
  // listener, so the label does not flap between worker processes.
  return l.owners.front().comm;
}

bool Busy(const ListenerRow& r) {
  return r.accept_queue_len > 0 || r.syn_recv > 0 || r.unaccepted > 0;
}

}  // namespace

ListenerRows BuildListenerRows(std::span<const model::Listener> listeners, size_t max_series) {
  std::map<Key, ListenerRow> by_labels;
  for (const auto& l : listeners) {
    Key key{std::to_string(l.netns), l.local.addr.ToString(), std::to_string(l.local.port),
            ProcessOf(l)};
    auto [it, inserted] = by_labels.try_emplace(key);
    if (inserted) {
      it->second.netns = std::get<0>(key);
      it->second.address = std::get<1>(key);
      it->second.port = std::get<2>(key);
      it->second.process = std::get<3>(key);
    }
    Add(it->second, l);
  }
  std::vector<ListenerRow> all;
  all.reserve(by_labels.size());
  for (auto& [key, row] : by_labels) all.push_back(std::move(row));
  // Busy first; numeric port order inside (the map sorted ports as text).
  std::stable_sort(all.begin(), all.end(), [](const ListenerRow& a, const ListenerRow& b) {
    if (Busy(a) != Busy(b)) return Busy(a);
    if (a.netns != b.netns) return a.netns < b.netns;
    if (a.port.size() != b.port.size()) return a.port.size() < b.port.size();
    if (a.port != b.port) return a.port < b.port;
    return a.address < b.address;
  });

  ListenerRows out;
  std::map<std::string, ListenerRow> other;  // by netns
  for (size_t i = 0; i < all.size(); ++i) {
    if (i < max_series) {
      out.rows.push_back(std::move(all[i]));
      continue;
    }
    ++out.dropped;
    auto [it, inserted] = other.try_emplace(all[i].netns);
    if (inserted) {
      it->second = all[i];
      it->second.address = "other";
      it->second.port = "0";
      it->second.process = "";
    } else {
      Merge(it->second, all[i]);
    }
  }
  for (auto& [netns, row] : other) out.rows.push_back(std::move(row));
  return out;
}

}  // namespace sockscope::render
