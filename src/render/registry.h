// The one registry of names shown to users: the kernel counters and limits
// that `stats`, `serve` and the docs talk about, with their help texts. Table
// headings, JSON keys and Prometheus metric names are all derived from here
// so the outputs and docs/metrics.md cannot drift apart.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "model/counters.h"

namespace sockscope::render {

struct CounterSpec {
  std::string_view key;     // "TcpExt.ListenOverflows": as the kernel names it
  std::string_view metric;  // "sockscope_tcpext_listen_overflows_total"
  std::string_view help;
};

struct LimitSpec {
  std::string_view sysctl;  // "net.core.somaxconn"
  std::string_view metric;  // "sockscope_limit_somaxconn"
  std::string_view help;
  std::optional<int64_t> model::Limits::*field;
  bool in_pages = false;  // exported in bytes: times the page size
};

std::span<const CounterSpec> ConnectionCounters();
std::span<const LimitSpec> Limits();

// The metrics of `sockscope serve` that are not a kernel counter or limit:
// listeners, socket states, findings and the exporter's own health. Labels
// are listed so docs/metrics.md can be checked against this table.
enum class MetricType { kGauge, kCounter };
struct MetricSpec {
  std::string_view name;  // "sockscope_listener_accept_queue_length"
  MetricType type;
  std::string_view labels;  // "netns,address,port,process" (empty: none)
  std::string_view help;
};

std::string_view MetricTypeName(MetricType type);  // "gauge", "counter"
std::span<const MetricSpec> ExporterMetrics();
// The spec named `name`; nullptr when it is not registered.
const MetricSpec* FindExporterMetric(std::string_view name);

}  // namespace sockscope::render
