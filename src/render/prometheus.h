// Prometheus rendering of one scrape for `sockscope serve`: listeners, socket
// states, kernel counters and limits (registry.h), findings and the
// exporter's own health, as text format 0.0.4. Every metric name and help
// text comes from registry.h; docs/metrics.md lists the same table.
//
// Stale data policy: when the scrape has no fresh collection (snapshot is
// null because the collection missed the scrape deadline), every series
// derived from a snapshot is omitted; only the collector health series are
// written, and sockscope_collector_last_success_timestamp_seconds tells how
// old the last good data is. Old values are never presented as current.
//
// Pure function over values: no I/O, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <vector>

#include "diagnose/finding.h"
#include "model/process_self.h"
#include "model/snapshot.h"
#include "render/finding_series.h"

namespace sockscope::render {

// Listeners beyond this many label sets are summed into one series per
// namespace with address="other", port="0", process="" (bounded cardinality).
constexpr size_t kDefaultMaxListenerSeries = 500;
// Samples a scrape writes at most (sockscope serve --max-series): beyond it
// whole namespaces are left out, those with findings kept first, and
// sockscope_series_dropped / sockscope_namespaces_dropped say so. About 40
// samples per namespace without listeners: room for ~1,000 namespaces.
constexpr size_t kDefaultMaxSeries = 50000;

struct CollectorHealth {
  std::string_view name;  // "sock_diag", "proc", "owners", "diagnose"
  bool success = false;
  double duration_seconds = 0;
  double last_success_unix = 0;  // 0: never
  uint64_t timeouts_total = 0;
  uint64_t errors_total = 0;
};

struct MetricsView {
  const model::Snapshot* snapshot = nullptr;  // null: no fresh data this scrape
  std::span<const diagnose::Finding> findings;
  std::span<const CollectorHealth> collectors;
  uint64_t scrapes_total = 0;
  std::string_view version;
  size_t max_listener_series = kDefaultMaxListenerSeries;
  size_t max_series = kDefaultMaxSeries;
  // The kernel's page size, to export page counts in bytes; 0: unknown (no
  // such series).
  uint64_t page_size = 0;
  const model::ProcessSelf* self = nullptr;  // the exporter's process_* values
  // The finding series to export (render/finding_series.h), cleared ones
  // included; when null, those of `findings` alone.
  const std::vector<FindingSeries>* finding_series = nullptr;
};

// Appends the whole exposition to out.
void RenderPrometheus(const MetricsView& view, std::string& out);

}  // namespace sockscope::render
