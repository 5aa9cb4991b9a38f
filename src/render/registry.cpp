#include "render/registry.h"
#include "model/counter_keys.h"
#include "render/metric_names.h"

namespace sockscope::render {
namespace {

constexpr CounterSpec kCounters[] = {
    {model::counter::kTcpExtListenOverflows, "sockscope_tcpext_listen_overflows_total",
     "Times a completed connection was dropped because a listener's accept queue was full."},
    {model::counter::kTcpExtListenDrops, "sockscope_tcpext_listen_drops_total",
     "Connections dropped at a listener for any reason (includes ListenOverflows)."},
    {model::counter::kTcpExtSyncookiesSent, "sockscope_tcpext_syncookies_sent_total",
     "SYN cookies sent because a SYN queue was full."},
    {model::counter::kTcpExtSyncookiesRecv, "sockscope_tcpext_syncookies_recv_total",
     "Valid SYN cookies received back (connections completed through cookies)."},
    {model::counter::kTcpExtSyncookiesFailed, "sockscope_tcpext_syncookies_failed_total",
     "Invalid SYN cookies received."},
    {model::counter::kTcpExtTCPBacklogDrop, "sockscope_tcpext_backlog_drop_total",
     "Packets dropped because a socket's backlog was full while the socket was owned by user."},
    {model::counter::kTcpExtTCPReqQFullDrop, "sockscope_tcpext_reqq_full_drop_total",
     "SYNs dropped because the SYN queue was full and syncookies were off."},
    {model::counter::kTcpExtTCPReqQFullDoCookies, "sockscope_tcpext_reqq_full_do_cookies_total",
     "SYN queue full: answered with a SYN cookie."},
    {model::counter::kTcpExtTCPAbortOnOverflow, "sockscope_tcpext_abort_on_overflow_total",
     "Connections reset because the accept queue was full and tcp_abort_on_overflow=1."},
    {model::counter::kTcpExtTCPTimeWaitOverflow, "sockscope_tcpext_time_wait_overflow_total",
     "TIME-WAIT sockets not created because tcp_max_tw_buckets was reached."},
    {model::counter::kTcpExtTCPOrphanDrop, "sockscope_tcpext_orphan_drop_total",
     "Orphaned sockets dropped (too many orphans or memory pressure)."},
    {model::counter::kTcpExtTCPMemoryPressures, "sockscope_tcpext_memory_pressures_total",
     "Times TCP entered memory pressure (tcp_mem)."},
    {model::counter::kTcpActiveOpens, "sockscope_tcp_active_opens_total",
     "Connections opened by connect()."},
    {model::counter::kTcpPassiveOpens, "sockscope_tcp_passive_opens_total",
     "Connections accepted by listeners (handshake completed)."},
    {model::counter::kTcpAttemptFails, "sockscope_tcp_attempt_fails_total",
     "Failed connection attempts."},
    {model::counter::kTcpEstabResets, "sockscope_tcp_estab_resets_total",
     "Resets received on ESTABLISHED or CLOSE-WAIT connections."},
    {model::counter::kTcpRetransSegs, "sockscope_tcp_retrans_segs_total",
     "Segments retransmitted."},
    {model::counter::kTcpInErrs, "sockscope_tcp_in_errs_total", "Segments received in error."},
    {model::counter::kTcpOutRsts, "sockscope_tcp_out_rsts_total", "Segments sent with RST."},
};

constexpr LimitSpec kLimits[] = {
    {"net.core.somaxconn", "sockscope_limit_somaxconn",
     "Cap on any listen() backlog (accept queue max), fixed at listen() time.",
     &model::Limits::somaxconn},
    {"net.ipv4.tcp_max_syn_backlog", "sockscope_limit_tcp_max_syn_backlog",
     "Limit on half-open (SYN-RECV) requests per listener.", &model::Limits::tcp_max_syn_backlog},
    {"net.ipv4.tcp_syncookies", "sockscope_limit_tcp_syncookies",
     "0 off, 1 when the SYN queue overflows, 2 always.", &model::Limits::tcp_syncookies},
    {"net.ipv4.tcp_abort_on_overflow", "sockscope_limit_tcp_abort_on_overflow",
     "1: reset connections when the accept queue is full; 0: drop silently.",
     &model::Limits::tcp_abort_on_overflow},
    {"net.ipv4.ip_local_port_range.low", "sockscope_limit_ip_local_port_range_low",
     "First ephemeral port.", &model::Limits::port_range_low},
    {"net.ipv4.ip_local_port_range.high", "sockscope_limit_ip_local_port_range_high",
     "Last ephemeral port.", &model::Limits::port_range_high},
    {"net.ipv4.tcp_max_tw_buckets", "sockscope_limit_tcp_max_tw_buckets",
     "Maximum TIME-WAIT sockets.", &model::Limits::tcp_max_tw_buckets},
    {"net.ipv4.tcp_max_orphans", "sockscope_limit_tcp_max_orphans", "Maximum orphaned sockets.",
     &model::Limits::tcp_max_orphans},
    {"net.ipv4.tcp_mem.min", "sockscope_limit_tcp_mem_min_bytes",
     "tcp_mem low threshold, bytes (the sysctl is in pages).", &model::Limits::tcp_mem_min, true},
    {"net.ipv4.tcp_mem.pressure", "sockscope_limit_tcp_mem_pressure_bytes",
     "tcp_mem pressure threshold, bytes (the sysctl is in pages).",
     &model::Limits::tcp_mem_pressure, true},
    {"net.ipv4.tcp_mem.max", "sockscope_limit_tcp_mem_max_bytes",
     "tcp_mem maximum, bytes (the sysctl is in pages).", &model::Limits::tcp_mem_max, true},
};

constexpr auto kGauge = MetricType::kGauge;
constexpr auto kCounter = MetricType::kCounter;
constexpr std::string_view kListenerLabels = "netns,address,port,process";

constexpr MetricSpec kExporterMetrics[] = {
    {metric::kListenerAcceptQueueLength, kGauge, kListenerLabels,
     "Connections completed by the kernel and waiting for accept() (sk_ack_backlog)."},
    {metric::kListenerAcceptQueueMax, kGauge, kListenerLabels,
     "Accept queue limit: min(listen() backlog, net.core.somaxconn). The kernel drops new "
     "connections once the length exceeds it."},
    {metric::kListenerSynRecv, kGauge, kListenerLabels,
     "Half-open connections (SYN-RECV) matched to the listener."},
    {metric::kListenerUnaccepted, kGauge, kListenerLabels,
     "ESTABLISHED or CLOSE-WAIT children no process has accepted yet."},
    {metric::kListenerDropsTotal, kCounter, kListenerLabels,
     "Packets the listening socket dropped (sk_drops)."},
    {metric::kListenerSeriesDropped, kGauge, "",
     "Listeners beyond the series cap, summed into the address=\"other\" series."},
    {metric::kSeriesDropped, kGauge, "",
     "Samples left out of this scrape to stay within --max-series (whole namespaces, those "
     "without findings first); 0 when none."},
    {metric::kNamespacesDropped, kGauge, "",
     "Network namespaces left out of this scrape to stay within --max-series."},
    {metric::kOwnerProcessesHidden, kGauge, "",
     "Processes whose fds the last owner walk could not read (no CAP_SYS_PTRACE / "
     "CAP_DAC_READ_SEARCH): their listeners carry process=\"\"."},
    {metric::kSockets, kGauge, "netns,proto,state", "Sockets by protocol and state."},
    {metric::kNetnsInfo, kGauge, "netns,container_id,pod_uid,pod_name,pod_namespace,unit",
     "Always 1, for each namespace whose processes belong to a container, a pod or a systemd "
     "unit (from their cgroup paths; pod names from the kubelet's /var/log/pods): join on "
     "netns to name a pod's series."},
    {metric::kSourceSuccess, kGauge, "netns,source",
     "1 when this source of this namespace (a socket table such as tcp/inet, counters, owners) "
     "was read as asked in the last collection; 0 when it failed or fell back to /proc. netns "
     "is 0 for the owner walk of all namespaces."},
    {metric::kSockstatTcpSockets, kGauge, "netns,kind",
     "TCP socket totals of /proc/net/sockstat (inuse, orphan, tw, alloc)."},
    {metric::kSockstatTcpMemoryBytes, kGauge, "netns",
     "Memory TCP sockets use, bytes (/proc/net/sockstat mem, in pages, times the page size)."},
    {metric::kFinding, kGauge, "id,netns,address,port",
     "A finding of the diagnosis rules by identity: its severity (1 info, 2 warning, 3 "
     "critical), 0 once cleared (kept 10 minutes); see docs/findings.md."},
    {metric::kCollectorSuccess, kGauge, "collector",
     "1 when the collector finished within the scrape deadline without error, else 0."},
    {metric::kCollectorDurationSeconds, kGauge, "collector",
     "Time the collector took in the collection this scrape reports."},
    {metric::kCollectorLastSuccessTimestampSeconds, kGauge, "collector",
     "Unix time of the collector's last success (0: never)."},
    {metric::kCollectorTimeoutsTotal, kCounter, "collector",
     "Collections that missed a scrape deadline while this collector was running."},
    {metric::kCollectorErrorsTotal, kCounter, "collector",
     "Collections in which this collector finished with an error."},
    {metric::kScrapesTotal, kCounter, "", "Scrapes of /metrics answered."},
    {metric::kBuildInfo, kGauge, "version", "Always 1; the version label says which build."},
    {metric::kProcessCpuSecondsTotal, kCounter, "", "User and system CPU time of the exporter."},
    {metric::kProcessResidentMemoryBytes, kGauge, "", "Resident memory of the exporter."},
    {metric::kProcessVirtualMemoryBytes, kGauge, "", "Virtual memory of the exporter."},
    {metric::kProcessStartTimeSeconds, kGauge, "", "Unix time the exporter started."},
    {metric::kProcessOpenFds, kGauge, "", "File descriptors the exporter holds."},
    {metric::kProcessMaxFds, kGauge, "", "The exporter's open-file limit (RLIMIT_NOFILE)."},
};

}  // namespace

std::span<const CounterSpec> ConnectionCounters() { return kCounters; }
std::span<const LimitSpec> Limits() { return kLimits; }

std::string_view MetricTypeName(MetricType type) {
  return type == MetricType::kCounter ? "counter" : "gauge";
}

std::span<const MetricSpec> ExporterMetrics() { return kExporterMetrics; }

const MetricSpec* FindExporterMetric(std::string_view name) {
  for (const auto& m : kExporterMetrics)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace sockscope::render
