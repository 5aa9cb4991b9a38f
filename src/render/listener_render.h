// `sockscope listeners`: one row per listening socket, table and JSON.
#pragma once

#include <string>
#include <vector>

#include "model/listener.h"
#include "model/snapshot.h"

namespace sockscope::render {

// Optional per-interval figures for the listeners view (--interval).
struct ListenerDeltas {
  bool present = false;
  double seconds = 0;
  // Per listener cookie/inode: sk_drops growth; per netns: ListenOverflows growth.
  std::vector<uint64_t> drops;  // aligned with the listeners vector
  uint64_t listen_overflows = 0, listen_drops = 0;
};

void RenderListenersTable(const std::vector<model::Listener>& listeners,
                          const ListenerDeltas& deltas, bool header, bool netns_column,
                          std::string& out);
void RenderListenersJson(const std::vector<model::Listener>& listeners,
                         const ListenerDeltas& deltas, const std::vector<model::Note>& notes,
                         std::string& out);

// "127.0.0.1:8080 " as a listener is named in tables and findings.
std::string ListenerName(const model::Listener& l);
// "nginx (pid 925)", "nginx (pid 925) +2 more", or "no process visible".
std::string OwnersText(const std::vector<model::Owner>& owners);

class JsonWriter;
void WriteListenerJson(JsonWriter& w, const model::Listener& l);

}  // namespace sockscope::render
