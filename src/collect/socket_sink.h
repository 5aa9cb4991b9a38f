// A streamed collection's receiver. Sockets reach it one at a time, as they
// are decoded, instead of being kept in the snapshot: a listing that prints
// each socket once then holds one socket, not 100k (docs/design.md,
// "Streaming").
#pragma once

#include "model/snapshot.h"

namespace sockscope::collect {

// What a streamed socket is shown with, known before the first socket.
struct SocketContext {
  // Who holds which socket, when CollectOptions::owners: read before the
  // dumps (every socket's owners), so owners stream with their sockets.
  const model::OwnerIndex* owners = nullptr;
  // The device names of the socket's namespace (ss's "%dev").
  const model::InterfaceNames* interface_names = nullptr;
};

class SocketSink {
 public:
  virtual ~SocketSink() = default;
  // One socket the selection admits, not seen before in this collection
  // (deduplicated as the snapshot would be). Called from the collecting
  // thread, in table order.
  virtual void Take(const model::Socket& socket, const SocketContext& context) = 0;
};

}  // namespace sockscope::collect
