// Hand-built listeners, models and snapshots for the top view's unit tests.
#pragma once

#include <string>
#include <vector>

#include "model/listener.h"
#include "model/snapshot.h"
#include "tui/top_model.h"

namespace sockscope::tui::testing {

inline model::Listener MakeListener(const std::string& addr, uint16_t port, uint32_t len,
                                    uint32_t max, const std::string& comm = "nginx",
                                    int32_t pid = 925) {
  model::Listener l;
  l.netns = 4026531840;
  l.local.addr = *model::ParseIpAddr(addr);
  l.family = l.local.addr.family;
  l.local.port = port;
  l.inode = 1000 + port;
  l.cookie = 5000 + port;
  l.accept_queue_len = len;
  l.accept_queue_max = max;
  l.drops_known = true;
  l.owners_known = true;
  if (!comm.empty()) l.owners.push_back(model::Owner{pid, 3, comm});
  return l;
}

inline ListenerRow MakeRow(model::Listener l, std::vector<uint32_t> history = {}) {
  return ListenerRow{std::move(l), std::move(history), std::nullopt, std::string()};
}

// A model with data, as the screen shows it after a few samples.
inline TopModel MakeModel(std::vector<ListenerRow> rows) {
  TopModel m;
  m.has_data = true;
  m.listeners_total = rows.size();
  m.listeners = std::move(rows);
  m.rates.listen_overflows = 2.0;
  m.rates.listen_drops = 2.0;
  m.rates.syncookies_sent = 0.0;
  return m;
}

// Index of the first line containing `needle`, or -1.
inline int FindLine(const std::vector<std::string>& lines, const std::string& needle) {
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find(needle) != std::string::npos) return static_cast<int>(i);
  return -1;
}

}  // namespace sockscope::tui::testing
