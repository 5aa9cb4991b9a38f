// Collect: the one pipeline. Every command, the exporter, `top` and the
// namespace fallbacks call it; what differs between them is a parameter
// (CollectOptions, CollectPolicy), never a copy. In order:
//   sources   per namespace: socket tables (sock_diag, retried, /proc/net
//             fallback per table), then counters; -N targets in parallel
//   dedup     one socket listed twice (/proc under churn) is kept once
//   filter    the selection applied to every row, whatever its source
//   owners    one /proc/PID/fd walk for all namespaces (or the cache)
//   listeners derived on the merged snapshot
// under one deadline (options.EffectiveDeadline()): no query starts after it.
//
// Never fails as a whole: each source records its status in
// snapshot.sources and failures become error notes; Snapshot::Complete()
// says whether anything asked for is missing (the caller's exit code).
#pragma once

#include "collect/collect_options.h"
#include "collect/netns_targets.h"

namespace sockscope::collect {

model::Snapshot Collect(const Environment& env, const CollectOptions& options,
                        const CollectPolicy& policy = {});

// The owner step alone, on a snapshot collected without it (check names
// processes only when a finding needs them): fills owners, re-derives
// listeners when options.listeners. Same deadline rules as Collect.
void AddOwners(const Environment& env, const CollectOptions& options, model::Snapshot& snap);

}  // namespace sockscope::collect
