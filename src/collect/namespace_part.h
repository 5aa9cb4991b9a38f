// One network namespace's part of a collection: its socket tables and, when
// asked, its counters and limits. Read in the namespace the calling thread is
// in, inside a target namespace entered on a dedicated thread, or through
// /proc/PID/net of a process inside it when entering is not possible.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "collect/collect_options.h"
#include "collect/netns_targets.h"

namespace sockscope::collect {

struct NamespacePart {
  model::Snapshot snap;  // sockets, namespaces (0 or 1), notes, sources
  std::chrono::nanoseconds counters_time{0};
};

// The namespace sockscope runs in (env.proc as it is).
NamespacePart CollectOwnNamespace(const Environment& env, const CollectOptions& options,
                                  const base::Deadline& deadline);

// One -N target: entered through env.netns, else read through /proc/PID/net
// of a process inside it (noted, fell back), else a failed "netns" source.
// Thread-safe: parts of several targets may be collected at once.
NamespacePart CollectTargetNamespace(const Environment& env, const CollectOptions& options,
                                     const base::Deadline& deadline, const NetnsTarget& target);

}  // namespace sockscope::collect
