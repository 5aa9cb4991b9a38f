// Collection: what one run of the collectors produced, and the collectors
// themselves. A collection runs on the exporter's collector thread (never in
// an HTTP handler): the pipeline (collect::Collect), whose steps are the
// collectors
//   sock_diag  socket tables per namespace (netlink, /proc/net as fallback)
//   owners     process names for listener labels (/proc/PID/fd walk, cached)
//   proc       TcpExt/Tcp counters, sockstat, sysctls per namespace
// then diagnose (findings, with rates from the previous collection). One
// deadline (CollectOptions::timeout) bounds the pipeline, so a collection
// always ends by itself; the scrape deadline is enforced by the
// ScrapeCoordinator, which reads Progress to know which collector is late.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "collect/collector.h"
#include "collect/owner_step.h"
#include "diagnose/finding.h"
#include "model/snapshot.h"

namespace sockscope::exporter {

enum class CollectorId : int { kSockDiag = 0, kOwners = 1, kProc = 2, kDiagnose = 3 };
constexpr int kCollectorCount = 4;
std::string_view CollectorName(CollectorId id);  // "sock_diag", "owners", "proc", "diagnose"

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

// Why collector `id` did not succeed in `c`, in plain words for the log: the
// reasons of its failed (or, for sock_diag, fallen-back) sources, namespace
// first; "no source" when it read nothing.
std::string FailureReason(const Collection& c, CollectorId id);

// Which collector is running now, for a scrape that gives up waiting.
// Written by the collector thread, read by scrapes: atomic.
struct Progress {
  std::atomic<int> current{-1};  // a CollectorId, or -1 when none runs
};

// The socket vector of the last snapshot no one holds any more, emptied
// with its capacity kept, for the next collection to fill (see
// collect::CollectPolicy::socket_storage). Snapshots give theirs back from
// whichever thread drops them last (a scrape's, the collector's): locked.
class SocketStoragePool {
 public:
  void Give(std::vector<model::Socket>&& sockets);
  std::vector<model::Socket> Take();  // empty when none was given

 private:
  std::mutex mutex_;
  std::vector<model::Socket> spare_;
};

// Runs the pipeline (collect::Collect) then the diagnosis, and reports each
// step as a collector. Keeps the previous snapshot for counter rates and the
// owner cache. Not thread-safe: one collector thread calls Run; env must
// outlive it.
class SnapshotCollector {
 public:
  SnapshotCollector(const collect::Environment& env, const collect::CollectOptions& base_options);
  Collection Run(Progress& progress);

 private:
  collect::Environment env_;
  collect::CollectOptions options_;
  std::shared_ptr<const model::Snapshot> previous_;
  // Shared with every snapshot's deleter, which may outlive this collector.
  std::shared_ptr<SocketStoragePool> storage_pool_ = std::make_shared<SocketStoragePool>();
  // Listener labels only need the owners of listening sockets, which live for
  // days, so a walk is reused while no new listener appears.
  collect::OwnerCache owner_cache_;
};

}  // namespace sockscope::exporter
