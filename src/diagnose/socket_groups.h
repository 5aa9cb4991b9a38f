// Groups of connected TCP sockets for the per-process rules (close-wait,
// recv-queue, send-queue buildup): by owning process when the owner walk saw
// one, else by local port when that port is listening (server side), else by
// peer endpoint (client side). Pure and thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::diagnose {

struct SocketGroup {
  enum class By : uint8_t { kProcess, kLocalPort, kPeer };
  By by = By::kProcess;
  uint64_t netns = 0;
  model::Owner process;                       // kProcess: the owner (its first fd seen)
  uint16_t local_port = 0;                    // kLocalPort
  model::Endpoint peer;                       // kPeer
  std::vector<const model::Socket*> sockets;  // point into the snapshot

  // "nginx (pid 12)", "local port 8080", "connections to 10.0.0.5:5432".
  std::string Describe() const;
};

// TCP sockets of `snapshot` for which `keep` is true, grouped as above; a
// socket held by several processes counts once, under its lowest pid. Groups
// come in a stable order (netns, then key).
std::vector<SocketGroup> GroupSockets(const model::Snapshot& snapshot,
                                      const std::function<bool(const model::Socket&)>& keep);

}  // namespace sockscope::diagnose
