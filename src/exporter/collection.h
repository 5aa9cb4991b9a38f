// Collection: what one run of the collectors produced, and the collectors
// themselves. A collection runs the four collectors in order on the
// exporter's collector thread (never in an HTTP handler):
//   sock_diag  sockets and listeners (netlink, /proc/net as fallback)
//   owners     process names for listener labels (/proc/PID/fd walk)
//   proc       TcpExt/Tcp counters, sockstat, sysctls
//   diagnose   findings, with rates from the previous collection
// Each kernel query has its own deadline (CollectOptions::timeout), so a
// collection always ends by itself; the scrape deadline is enforced by the
// ScrapeCoordinator, which reads Progress to know which collector is late.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "collect/collector.h"
#include "diagnose/finding.h"
#include "model/snapshot.h"

namespace sockscope::exporter {

enum class CollectorId : int { kSockDiag = 0, kOwners = 1, kProc = 2, kDiagnose = 3 };
constexpr int kCollectorCount = 4;
std::string_view CollectorName(CollectorId id);  // "sock_diag", "owners", "proc", "diagnose"

// How long a walk's owners serve later scrapes when no listener is new: a
// process label may lag a hand-over of a listening socket by this much.
inline constexpr std::chrono::seconds kOwnerCacheMaxAge{60};

struct CollectorRun {
  bool ran = false;
  bool ok = false;
  std::chrono::nanoseconds duration{0};
};

struct Collection {
  std::shared_ptr<const model::Snapshot> snapshot;
  std::vector<diagnose::Finding> findings;
  std::array<CollectorRun, kCollectorCount> runs{};
  std::chrono::system_clock::time_point finished_at{};
};

// Which collector is running now, for a scrape that gives up waiting.
// Written by the collector thread, read by scrapes: atomic.
struct Progress {
  std::atomic<int> current{-1};  // a CollectorId, or -1 when none runs
};

// Runs the real collectors against an Environment. Keeps the previous
// snapshot for counter rates. Not thread-safe: one collector thread calls
// Run; env must outlive it.
class SnapshotCollector {
 public:
  SnapshotCollector(collect::Environment env, const collect::CollectOptions& base_options);
  Collection Run(Progress& progress);

 private:
  // The owner walk reads every /proc/PID/fd link: at 100k sockets it costs
  // more than the rest of a scrape. Listener labels only need the owners of
  // listening sockets, which live for days, so the last walk is reused while
  // no new listener appears, for at most kOwnerCacheMaxAge.
  bool OwnersCached(const std::unordered_set<uint64_t>& wanted,
                    std::chrono::steady_clock::time_point now) const;

  collect::Environment env_;
  collect::CollectOptions options_;
  std::shared_ptr<const model::Snapshot> previous_;
  model::OwnerIndex owner_cache_;
  std::unordered_set<uint64_t> owner_cache_inodes_;  // the listeners that walk looked for
  std::chrono::steady_clock::time_point owner_cache_at_{};
  bool owner_cache_valid_ = false;
};

}  // namespace sockscope::exporter
