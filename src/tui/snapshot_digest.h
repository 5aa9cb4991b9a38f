// The figures of the top header and rows that compare or count snapshots:
// TCP state counts, counter rates, per-listener drop growth. Pure functions,
// thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "model/snapshot.h"
#include "tui/top_model.h"

namespace sockscope::tui {

StateCounts CountStates(const model::Snapshot& snapshot);

// Per-second growth of ListenOverflows, ListenDrops and SyncookiesSent between
// two samples, summed over the namespaces present in both. nullopt fields
// when `previous` is null, no time passed, or no namespace has the counter.
CounterRates RatesBetween(const model::Snapshot* previous, const model::Snapshot& current);

// sk_drops growth of each of current.listeners since `previous` (matched by
// netns and cookie, else inode), aligned with current.listeners; nullopt for
// a listener that was not there or whose drops are unknown.
std::vector<std::optional<uint64_t>> DropsDeltas(const model::Snapshot* previous,
                                                 const model::Snapshot& current);

}  // namespace sockscope::tui
