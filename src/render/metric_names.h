// The names of the metrics `sockscope serve` exports besides the kernel
// counters and limits (those are in registry.cpp with their keys), each
// defined once: the registry declares them, the renderers refer to them, so
// a misspelt metric is a compile error, not a series nobody queries.
#pragma once

#include <string_view>

namespace sockscope::render::metric {

inline constexpr std::string_view kBuildInfo = "sockscope_build_info";
inline constexpr std::string_view kCollectorDurationSeconds =
    "sockscope_collector_duration_seconds";
inline constexpr std::string_view kCollectorErrorsTotal = "sockscope_collector_errors_total";
inline constexpr std::string_view kCollectorLastSuccessTimestampSeconds =
    "sockscope_collector_last_success_timestamp_seconds";
inline constexpr std::string_view kCollectorSuccess = "sockscope_collector_success";
inline constexpr std::string_view kCollectorTimeoutsTotal = "sockscope_collector_timeouts_total";
inline constexpr std::string_view kFinding = "sockscope_finding";
inline constexpr std::string_view kListenerAcceptQueueLength =
    "sockscope_listener_accept_queue_length";
inline constexpr std::string_view kListenerAcceptQueueMax = "sockscope_listener_accept_queue_max";
inline constexpr std::string_view kListenerDropsTotal = "sockscope_listener_drops_total";
inline constexpr std::string_view kListenerSeriesDropped = "sockscope_listener_series_dropped";
inline constexpr std::string_view kListenerSynRecv = "sockscope_listener_syn_recv";
inline constexpr std::string_view kListenerUnaccepted = "sockscope_listener_unaccepted";
inline constexpr std::string_view kOwnerProcessesHidden = "sockscope_owner_processes_hidden";
inline constexpr std::string_view kScrapesTotal = "sockscope_scrapes_total";
inline constexpr std::string_view kSeriesDropped = "sockscope_series_dropped";
inline constexpr std::string_view kNamespacesDropped = "sockscope_namespaces_dropped";
inline constexpr std::string_view kNetnsInfo = "sockscope_netns_info";
inline constexpr std::string_view kSockets = "sockscope_sockets";
inline constexpr std::string_view kSourceSuccess = "sockscope_source_success";
inline constexpr std::string_view kSockstatTcpMemoryBytes = "sockscope_sockstat_tcp_memory_bytes";
inline constexpr std::string_view kSockstatTcpSockets = "sockscope_sockstat_tcp_sockets";
// The exporter's own process, named as Prometheus client libraries name them.
inline constexpr std::string_view kProcessCpuSecondsTotal = "process_cpu_seconds_total";
inline constexpr std::string_view kProcessResidentMemoryBytes = "process_resident_memory_bytes";
inline constexpr std::string_view kProcessVirtualMemoryBytes = "process_virtual_memory_bytes";
inline constexpr std::string_view kProcessStartTimeSeconds = "process_start_time_seconds";
inline constexpr std::string_view kProcessOpenFds = "process_open_fds";
inline constexpr std::string_view kProcessMaxFds = "process_max_fds";

// Every name above, for the test that each one is registered.
inline constexpr std::string_view kAll[] = {
    kBuildInfo,
    kCollectorDurationSeconds,
    kCollectorErrorsTotal,
    kCollectorLastSuccessTimestampSeconds,
    kCollectorSuccess,
    kCollectorTimeoutsTotal,
    kFinding,
    kListenerAcceptQueueLength,
    kListenerAcceptQueueMax,
    kListenerDropsTotal,
    kListenerSeriesDropped,
    kListenerSynRecv,
    kListenerUnaccepted,
    kOwnerProcessesHidden,
    kScrapesTotal,
    kSeriesDropped,
    kNamespacesDropped,
    kNetnsInfo,
    kSockets,
    kSourceSuccess,
    kSockstatTcpMemoryBytes,
    kSockstatTcpSockets,
    kProcessCpuSecondsTotal,
    kProcessResidentMemoryBytes,
    kProcessVirtualMemoryBytes,
    kProcessStartTimeSeconds,
    kProcessOpenFds,
    kProcessMaxFds,
};

}  // namespace sockscope::render::metric
