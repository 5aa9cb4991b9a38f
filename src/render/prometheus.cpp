#include "render/prometheus.h"
#include "render/metric_names.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "render/prometheus_listeners.h"
#include "render/prometheus_text.h"
#include "render/registry.h"

namespace sockscope::render {
namespace {

const MetricSpec& Spec(std::string_view name) {
  // Every name used below is in the registry; a typo fails the unit tests
  // (they render every family) rather than printing an undocumented metric.
  const MetricSpec* spec = FindExporterMetric(name);
  static const MetricSpec kUnknown{"sockscope_unregistered", MetricType::kGauge, "", "?"};
  return spec ? *spec : kUnknown;
}

// "SYN-RECV" -> "syn_recv": label values in Prometheus style.
std::string StateLabel(model::State s) {
  std::string out(model::StateName(s));
  for (char& c : out) c = c == '-' ? '_' : static_cast<char>(std::tolower(c));
  return out;
}

template <typename T>
void OptionalSample(PrometheusText& p, std::string_view name, const std::optional<T>& value) {
  if (!value) return;
  p.Family(Spec(name));
  p.Sample(name, {}, *value);
}

void RenderProcess(const model::ProcessSelf& self, PrometheusText& p) {
  OptionalSample(p, metric::kProcessCpuSecondsTotal, self.cpu_seconds);
  OptionalSample(p, metric::kProcessResidentMemoryBytes, self.resident_bytes);
  OptionalSample(p, metric::kProcessVirtualMemoryBytes, self.virtual_bytes);
  OptionalSample(p, metric::kProcessStartTimeSeconds, self.start_time_seconds);
  OptionalSample(p, metric::kProcessOpenFds, self.open_fds);
  OptionalSample(p, metric::kProcessMaxFds, self.max_fds);
}

void RenderSelf(const MetricsView& view, PrometheusText& p) {
  p.Family(Spec(metric::kBuildInfo));
  p.Sample(metric::kBuildInfo, {{"version", view.version}}, uint64_t{1});
  p.Family(Spec(metric::kScrapesTotal));
  p.Sample(metric::kScrapesTotal, {}, view.scrapes_total);

  p.Family(Spec(metric::kCollectorSuccess));
  for (const auto& c : view.collectors)
    p.Sample(metric::kCollectorSuccess, {{"collector", c.name}}, uint64_t{c.success ? 1u : 0u});
  p.Family(Spec(metric::kCollectorDurationSeconds));
  for (const auto& c : view.collectors)
    p.Sample(metric::kCollectorDurationSeconds, {{"collector", c.name}}, c.duration_seconds);
  p.Family(Spec(metric::kCollectorLastSuccessTimestampSeconds));
  for (const auto& c : view.collectors)
    p.Sample(metric::kCollectorLastSuccessTimestampSeconds, {{"collector", c.name}},
             c.last_success_unix);
  p.Family(Spec(metric::kCollectorTimeoutsTotal));
  for (const auto& c : view.collectors)
    p.Sample(metric::kCollectorTimeoutsTotal, {{"collector", c.name}}, c.timeouts_total);
  p.Family(Spec(metric::kCollectorErrorsTotal));
  for (const auto& c : view.collectors)
    p.Sample(metric::kCollectorErrorsTotal, {{"collector", c.name}}, c.errors_total);
  if (view.self) RenderProcess(*view.self, p);
}

void RenderListeners(const MetricsView& view, PrometheusText& p) {
  ListenerRows rows = BuildListenerRows(view.snapshot->listeners, view.max_listener_series);
  auto family = [&](std::string_view name, auto value_of, auto known) {
    p.Family(Spec(name));
    for (const auto& r : rows.rows) {
      if (!known(r)) continue;
      p.Sample(
          name,
          {{"netns", r.netns}, {"address", r.address}, {"port", r.port}, {"process", r.process}},
          value_of(r));
    }
  };
  auto always = [](const ListenerRow&) { return true; };
  family(
      metric::kListenerAcceptQueueLength, [](const ListenerRow& r) { return r.accept_queue_len; },
      always);
  // Over /proc the maximum is unknown: no series rather than a false 0.
  family(
      metric::kListenerAcceptQueueMax, [](const ListenerRow& r) { return r.accept_queue_max; },
      [](const ListenerRow& r) { return r.accept_queue_max_known; });
  family(
      metric::kListenerSynRecv, [](const ListenerRow& r) { return r.syn_recv; }, always);
  family(
      metric::kListenerUnaccepted, [](const ListenerRow& r) { return r.unaccepted; }, always);
  family(
      metric::kListenerDropsTotal, [](const ListenerRow& r) { return r.drops; },
      [](const ListenerRow& r) { return r.drops_known; });
  p.Family(Spec(metric::kListenerSeriesDropped));
  p.Sample(metric::kListenerSeriesDropped, {}, uint64_t{rows.dropped});
  // An empty process label is ambiguous without it: no owner, or not permitted.
  p.Family(Spec(metric::kOwnerProcessesHidden));
  if (view.snapshot->owners_collected)
    p.Sample(metric::kOwnerProcessesHidden, {}, uint64_t{view.snapshot->owners.processes_hidden});
}

// Per namespace and source, so a container host shows which pod's namespace
// could not be read rather than one failed collector for all of them.
void RenderSources(const model::Snapshot& snap, PrometheusText& p) {
  p.Family(Spec(metric::kSourceSuccess));
  std::set<std::pair<uint64_t, std::string>> seen;
  for (const auto& s : snap.sources) {
    if (!seen.insert({s.netns, s.source}).second) continue;
    p.Sample(metric::kSourceSuccess, {{"netns", std::to_string(s.netns)}, {"source", s.source}},
             uint64_t{s.status == model::SourceStatus::kOk ? 1u : 0u});
  }
}

// Who lives in each namespace, as an info series to join on (`* on(netns)
// group_left(pod_name) sockscope_netns_info`): one series per namespace
// rather than more labels on every listener series. Label names avoid the
// target labels a ServiceMonitor adds (container, pod, namespace), which
// Prometheus would rename to exported_*.
void RenderNetnsInfo(const model::Snapshot& snap, PrometheusText& p) {
  p.Family(Spec(metric::kNetnsInfo));
  for (const auto& ns : snap.namespaces) {
    if (ns.container.empty() && ns.pod.empty() && ns.unit.empty()) continue;
    p.Sample(metric::kNetnsInfo,
             {{"netns", std::to_string(ns.inode)},
              {"container_id", ns.container},
              {"pod_uid", ns.pod},
              {"pod_name", ns.pod_name},
              {"pod_namespace", ns.pod_namespace},
              {"unit", ns.unit}},
             uint64_t{1});
  }
}

void RenderSockets(const model::Snapshot& snap, PrometheusText& p) {
  // Counted by value (no label text per socket: at 100k sockets that was
  // most of this function), then labelled, in the labels' order.
  std::map<std::tuple<uint64_t, model::Proto, model::State>, uint64_t> by_value;
  for (const auto& s : snap.sockets) ++by_value[{s.netns, s.proto, s.state}];
  std::map<std::tuple<uint64_t, std::string, std::string>, uint64_t> counts;
  for (const auto& [key, n] : by_value)
    counts[{std::get<0>(key), std::string(model::ProtoName(std::get<1>(key))),
            StateLabel(std::get<2>(key))}] += n;
  p.Family(Spec(metric::kSockets));
  for (const auto& [key, n] : counts) {
    std::string netns = std::to_string(std::get<0>(key));
    p.Sample(metric::kSockets,
             {{"netns", netns}, {"proto", std::get<1>(key)}, {"state", std::get<2>(key)}}, n);
  }
}

void RenderNamespaces(const model::Snapshot& snap, uint64_t page_size, PrometheusText& p) {
  p.Family(Spec(metric::kSockstatTcpSockets));
  for (const auto& ns : snap.namespaces) {
    std::string netns = std::to_string(ns.inode);
    const std::pair<std::string_view, const std::optional<uint64_t>*> kinds[] = {
        {"inuse", &ns.sockstat.tcp_inuse},
        {"orphan", &ns.sockstat.tcp_orphan},
        {"tw", &ns.sockstat.tcp_tw},
        {"alloc", &ns.sockstat.tcp_alloc}};
    for (const auto& [kind, value] : kinds)
      if (*value)
        p.Sample(metric::kSockstatTcpSockets, {{"netns", netns}, {"kind", kind}}, **value);
  }
  p.Family(Spec(metric::kSockstatTcpMemoryBytes));
  for (const auto& ns : snap.namespaces)
    if (ns.sockstat.tcp_mem_pages && page_size > 0)
      p.Sample(metric::kSockstatTcpMemoryBytes, {{"netns", std::to_string(ns.inode)}},
               *ns.sockstat.tcp_mem_pages * page_size);

  for (const auto& spec : ConnectionCounters()) {
    p.Family(spec.metric, "counter", spec.help);
    for (const auto& ns : snap.namespaces)
      if (auto v = ns.counters.Get(spec.key))
        p.Sample(spec.metric, {{"netns", std::to_string(ns.inode)}}, *v);
  }
  for (const auto& spec : Limits()) {
    p.Family(spec.metric, "gauge", spec.help);
    for (const auto& ns : snap.namespaces) {
      const auto& v = ns.limits.*spec.field;
      if (!v) continue;
      if (!spec.in_pages)
        p.Sample(spec.metric, {{"netns", std::to_string(ns.inode)}}, *v);
      else if (page_size > 0 && *v >= 0)
        p.Sample(spec.metric, {{"netns", std::to_string(ns.inode)}},
                 static_cast<uint64_t>(*v) * page_size);
    }
  }
}

void RenderFindings(const MetricsView& view, PrometheusText& p) {
  p.Family(Spec(metric::kFinding));
  std::vector<FindingSeries> own;
  if (!view.finding_series) own = SeriesOfFindings(view.findings);
  for (const auto& s : view.finding_series ? *view.finding_series : own)
    p.Sample(metric::kFinding,
             {{"id", s.id},
              {"netns", std::to_string(s.netns)},
              {"address", s.address},
              {"port", s.port}},
             static_cast<uint64_t>(s.value));
}

void RenderSnapshot(const MetricsView& view, PrometheusText& p) {
  RenderListeners(view, p);
  RenderSockets(*view.snapshot, p);
  RenderSources(*view.snapshot, p);
  RenderNetnsInfo(*view.snapshot, p);
  RenderNamespaces(*view.snapshot, view.page_size, p);
  RenderFindings(view, p);
}

// The namespaces to leave out so the scrape fits `budget` samples with a
// netns label: namespaces with a finding are kept first, then the others in
// the snapshot's order (the exporter's own namespace first), each whole.
std::set<std::string, std::less<>> ChooseLeftOut(const MetricsView& view,
                                                 const SamplesPerNetns& per_netns, size_t budget) {
  std::vector<std::string> order;
  std::set<std::string, std::less<>> ranked;
  auto rank = [&](const std::string& netns) {
    if (per_netns.count(netns) > 0 && ranked.insert(netns).second) order.push_back(netns);
  };
  if (view.finding_series) {
    for (const auto& f : *view.finding_series)
      if (f.value > 0) rank(std::to_string(f.netns));
  } else {
    for (const auto& f : view.findings) rank(std::to_string(f.netns));
  }
  for (const auto& ns : view.snapshot->namespaces) rank(std::to_string(ns.inode));
  for (const auto& [netns, count] : per_netns) rank(netns);
  std::set<std::string, std::less<>> left_out;
  size_t used = 0;
  for (const auto& netns : order) {
    const size_t count = per_netns.find(netns)->second;
    if (used + count <= budget)
      used += count;
    else
      left_out.insert(netns);
  }
  return left_out;
}

}  // namespace

void RenderPrometheus(const MetricsView& view, std::string& out) {
  const size_t start = out.size();
  PrometheusText p(out);
  RenderSelf(view, p);
  if (!view.snapshot) return;  // stale: see the policy in prometheus.h
  RenderSnapshot(view, p);
  size_t left_out_samples = 0;
  std::set<std::string, std::less<>> left_out;
  if (p.written() > view.max_series) {
    // Over the budget (rare): count the samples per namespace, then render
    // again without whole namespaces. A scrape within the budget pays for
    // neither. Samples that name no namespace (the exporter's own) stay.
    std::string scratch;
    PrometheusText counting(scratch);
    SamplesPerNetns per_netns;
    counting.CountPerNetns(&per_netns);
    RenderSnapshot(view, counting);
    size_t with_netns = 0;
    for (const auto& [netns, count] : per_netns) with_netns += count;
    const size_t others = p.written() - with_netns;
    const size_t budget = view.max_series > others ? view.max_series - others : 0;
    left_out = ChooseLeftOut(view, per_netns, budget);
    out.resize(start);
    PrometheusText again(out);
    RenderSelf(view, again);
    again.LeaveOut(&left_out);
    RenderSnapshot(view, again);
    left_out_samples = again.left_out();
  }
  p.Family(Spec(metric::kSeriesDropped));
  p.Sample(metric::kSeriesDropped, {}, uint64_t{left_out_samples});
  p.Family(Spec(metric::kNamespacesDropped));
  p.Sample(metric::kNamespacesDropped, {}, uint64_t{left_out.size()});
}

}  // namespace sockscope::render
