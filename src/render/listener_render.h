// `sockscope listeners`: one row per listening socket, table and JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/listener.h"
#include "model/snapshot.h"
#include "render/netns_identity.h"

namespace sockscope::render {

// Optional per-interval figures for the listeners view (--interval).
struct ListenerDeltas {
  bool present = false;
  double seconds = 0;
  // Per listener cookie/inode: sk_drops growth; per netns: ListenOverflows growth.
  std::vector<uint64_t> drops;  // aligned with the listeners vector
  uint64_t listen_overflows = 0, listen_drops = 0;
};

// identity: with -N, the Netns (and Container / Pod) columns and fields.
void RenderListenersTable(const std::vector<model::Listener>& listeners,
                          const ListenerDeltas& deltas, bool header, const NetnsIdentity& identity,
                          std::string& out);
void RenderListenersJson(const std::vector<model::Listener>& listeners,
                         const ListenerDeltas& deltas, const model::Snapshot& snapshot,
                         const NetnsIdentity& identity, std::string& out);

// "127.0.0.1:8080 " as a listener is named in tables and findings.
std::string ListenerName(const model::Listener& l);
// "nginx (pid 925)", "nginx (pid 925) +2 more", or "no process visible".
std::string OwnersText(const std::vector<model::Owner>& owners);

class JsonWriter;
// identity may be null (no container / pod fields); drops_delta, when
// given, is the listener's drop growth over the interval ("drops_delta").
void WriteListenerJson(JsonWriter& w, const model::Listener& l,
                       const NetnsIdentity* identity = nullptr,
                       std::optional<uint64_t> drops_delta = std::nullopt);

}  // namespace sockscope::render
