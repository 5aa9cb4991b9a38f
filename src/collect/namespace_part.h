// One network namespace's part of a collection: its socket tables and, when
// asked, its counters and limits. Read in the namespace the calling thread is
// in, inside a target namespace entered on a dedicated thread, or through
// /proc/PID/net of a process inside it when entering is not possible.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "collect/collect_options.h"
#include "collect/netns_targets.h"

namespace sockscope::collect {

struct NamespacePart {
  model::Snapshot snap;  // sockets, namespaces (0 or 1), notes, sources
  std::chrono::nanoseconds counters_time{0};
};

// A streamed collection's receiver of one namespace's sockets, with that
// namespace's device names (read before the first socket, since any row
// may need them).
using NamespaceStream = std::function<void(model::Socket&, const model::InterfaceNames&)>;

// The namespace sockscope runs in (env.proc as it is). With `stream`, its
// sockets go there and part.snap.sockets stays empty. `counts`: its socket
// counts (ReadSocketCounts) when the caller read them already; read here
// otherwise.
NamespacePart CollectOwnNamespace(const Environment& env, const CollectOptions& options,
                                  const base::Deadline& deadline,
                                  const NamespaceStream* stream = nullptr,
                                  const std::optional<model::SockStat>* counts = nullptr,
                                  std::vector<model::Socket>* storage = nullptr);

// The socket counts of the namespace `proc` describes: /proc/net/sockstat
// with sockstat6's merged in; nothing when sockstat cannot be read.
std::optional<model::SockStat> ReadSocketCounts(procfs::ProcFs& proc);

// Sockets the selected TCP, UDP and RAW dumps will return, by the
// namespace's own counts: hashed TCP sockets of both families plus
// TIME-WAIT (when the selection asks for established ones), UDP and RAW
// sockets in use. A hint for reserve(), so every table lands in one vector
// without a regrowth (which would hold the old and the new copy at once):
// wrong only costs that regrowth.
size_t ExpectedSockets(const model::SockStat& counts, const CollectOptions& options);

// One -N target: entered through env.netns, else read through /proc/PID/net
// of a process inside it (noted, fell back), else a failed "netns" source.
// Thread-safe: parts of several targets may be collected at once.
NamespacePart CollectTargetNamespace(const Environment& env, const CollectOptions& options,
                                     const base::Deadline& deadline, const NetnsTarget& target);

}  // namespace sockscope::collect
