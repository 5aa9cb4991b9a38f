#include "tui/snapshot_digest.h"
#include "model/counter_keys.h"

#include <chrono>
#include <map>
#include <string_view>
#include <utility>

#include "collect/deltas.h"

namespace sockscope::tui {
namespace {

std::optional<double> Rate(const model::Snapshot& prev, const model::Snapshot& cur,
                           std::string_view key, double seconds) {
  auto total = collect::CounterGrowth(prev, cur, key);
  if (!total) return std::nullopt;
  return static_cast<double>(*total) / seconds;
}

}  // namespace

StateCounts CountStates(const model::Snapshot& snapshot) {
  StateCounts counts;
  for (const auto& s : snapshot.sockets) {
    if (s.proto != model::Proto::kTcp) continue;
    auto i = static_cast<size_t>(s.state);
    if (i < counts.by_state.size()) ++counts.by_state[i];
  }
  return counts;
}

CounterRates RatesBetween(const model::Snapshot* previous, const model::Snapshot& current) {
  CounterRates rates;
  if (!previous) return rates;
  double seconds =
      std::chrono::duration<double>(current.monotonic_at - previous->monotonic_at).count();
  if (seconds <= 0) return rates;
  rates.listen_overflows =
      Rate(*previous, current, model::counter::kTcpExtListenOverflows, seconds);
  rates.listen_drops = Rate(*previous, current, model::counter::kTcpExtListenDrops, seconds);
  rates.syncookies_sent = Rate(*previous, current, model::counter::kTcpExtSyncookiesSent, seconds);
  return rates;
}

std::vector<std::optional<uint64_t>> DropsDeltas(const model::Snapshot* previous,
                                                 const model::Snapshot& current) {
  std::vector<std::optional<uint64_t>> out(current.listeners.size());
  if (!previous) return out;
  auto id = [](const model::Listener& l) {
    return std::pair<uint64_t, uint64_t>(l.netns, l.cookie ? l.cookie : l.inode);
  };
  std::map<std::pair<uint64_t, uint64_t>, const model::Listener*> before;
  for (const auto& l : previous->listeners) before.emplace(id(l), &l);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto& l = current.listeners[i];
    auto it = before.find(id(l));
    if (it == before.end() || !l.drops_known || !it->second->drops_known) continue;
    // sk_drops only grows; less means another socket reused the inode.
    if (l.drops >= it->second->drops) out[i] = l.drops - it->second->drops;
  }
  return out;
}

}  // namespace sockscope::tui
