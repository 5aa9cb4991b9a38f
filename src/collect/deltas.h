// Counter deltas: two snapshots of the same machine → how much each kernel
// counter (TcpExt/Tcp, per namespace) grew between them, and the rate per
// second. Used by `stats --interval`, `top` and the exporter's rate hints.
//
// Pure functions over values: no I/O, thread-safe, never fail.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::collect {

struct CounterDelta {
  std::string key;  // "TcpExt.ListenOverflows"
  uint64_t delta = 0;
  double per_second = 0;  // 0 when the interval is not positive
};

struct NetnsDeltas {
  uint64_t netns = 0;
  std::chrono::nanoseconds interval{0};
  std::vector<CounterDelta> deltas;  // sorted by key, zero deltas included
  // Counters that went backwards (host rebooted, namespace recreated with the
  // same inode): no delta is given for them, never a wrapped huge number.
  std::vector<std::string> reset;
};

// The interval to use for rates: `requested` when positive, else the distance
// between the two snapshots' monotonic clocks (zero when that is negative).
std::chrono::nanoseconds EffectiveInterval(const model::Snapshot& previous,
                                           const model::Snapshot& current,
                                           std::chrono::nanoseconds requested);

// One entry per namespace present, with readable counters (counters_ok), in
// both snapshots, in the order of current.namespaces. A namespace that only
// one snapshot has (created or gone meanwhile) gives no entry; a counter only
// one sample has is left out.
std::vector<NetnsDeltas> CounterDeltas(const model::Snapshot& previous,
                                       const model::Snapshot& current,
                                       std::chrono::nanoseconds interval = {});

// How much one counter grew, summed over the namespaces with readable
// counters in both snapshots; a counter that went backwards adds nothing.
// nullopt when no namespace has it in both.
std::optional<uint64_t> CounterGrowth(const model::Snapshot& previous,
                                      const model::Snapshot& current, std::string_view key);

}  // namespace sockscope::collect
