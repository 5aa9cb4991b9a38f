#include "collect/deltas.h"

namespace sockscope::collect {

std::chrono::nanoseconds EffectiveInterval(const model::Snapshot& previous,
                                           const model::Snapshot& current,
                                           std::chrono::nanoseconds requested) {
  if (requested.count() > 0) return requested;
  auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(current.monotonic_at -
                                                                previous.monotonic_at);
  return d.count() > 0 ? d : std::chrono::nanoseconds(0);
}

std::vector<NetnsDeltas> CounterDeltas(const model::Snapshot& previous,
                                       const model::Snapshot& current,
                                       std::chrono::nanoseconds interval) {
  std::vector<NetnsDeltas> out;
  auto used = EffectiveInterval(previous, current, interval);
  double seconds = std::chrono::duration<double>(used).count();
  for (const auto& now : current.namespaces) {
    const model::NetnsData* before = previous.FindNetns(now.inode);
    if (!before || !now.counters_ok || !before->counters_ok) continue;
    NetnsDeltas d;
    d.netns = now.inode;
    d.interval = used;
    // std::map keeps keys sorted, so the output is sorted too.
    for (const auto& [key, value] : now.counters.values) {
      auto old = before->counters.Get(key);
      if (!old) continue;
      if (value < *old) {
        d.reset.emplace_back(key);
        continue;
      }
      uint64_t delta = value - *old;
      d.deltas.push_back(CounterDelta{std::string(key), delta,
                                      seconds > 0 ? static_cast<double>(delta) / seconds : 0.0});
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<uint64_t> CounterGrowth(const model::Snapshot& previous,
                                      const model::Snapshot& current, std::string_view key) {
  std::optional<uint64_t> total;
  for (const auto& ns : current.namespaces) {
    const model::NetnsData* before = previous.FindNetns(ns.inode);
    if (!before || !ns.counters_ok || !before->counters_ok) continue;
    if (auto d = ns.counters.DeltaSince(before->counters, key)) total = total.value_or(0) + *d;
  }
  return total;
}

}  // namespace sockscope::collect
