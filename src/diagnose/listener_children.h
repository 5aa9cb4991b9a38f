// The unaccepted children (ESTABLISHED or CLOSE-WAIT, inode 0: still in an
// accept queue) of each listener address of a snapshot, so rules can follow
// the same children from one sample to the next by cookie. Matching follows
// collect/listeners.h (the kernel's lookup): same netns and local port, a
// listener bound to the child's address before a wildcard one, an AF_INET
// listener before a dual-stack `::` one. Members of an SO_REUSEPORT group
// share an address and the kernel does not say which member holds a child,
// so children are kept per address (the group). Pure; thread-safe once built.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::diagnose {

class ListenerChildren {
 public:
  explicit ListenerChildren(const model::Snapshot& snapshot);

  // The unaccepted children of the listener address of `l` (its whole
  // reuseport group); empty when none.
  const std::vector<const model::Socket*>& Of(const model::Listener& l) const;

 private:
  using Key = std::tuple<uint64_t, model::Family, std::array<uint8_t, 16>, uint16_t>;
  std::map<Key, std::vector<const model::Socket*>> children_;
};

}  // namespace sockscope::diagnose
