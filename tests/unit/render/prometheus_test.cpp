// The Prometheus renderer on hand-built snapshots: exact lines, escaping of
// untrusted process names, the listener cap and the stale-data policy.
#include "render/prometheus.h"
#include <fmt/format.h>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "render/prometheus_listeners.h"
#include "render/registry.h"

namespace sockscope::render {
namespace {

model::Listener MakeListener(const char* addr, uint16_t port, uint32_t len, uint32_t max,
                             const char* comm) {
  model::Listener l;
  l.netns = 4026531840;
  l.local.addr = *model::ParseIpAddr(addr);
  l.local.port = port;
  l.accept_queue_len = len;
  l.accept_queue_max = max;
  l.syn_recv = len > 0 ? 2 : 0;
  l.unaccepted = len;
  l.drops = 7;
  l.drops_known = true;
  if (comm) {
    l.owners.push_back(model::Owner{100, 3, comm});
    l.owners_known = true;
  }
  return l;
}

std::vector<CollectorHealth> Healthy() {
  return {{"sock_diag", true, 0.5, 1700000000, 0, 0}, {"proc", true, 0.25, 1700000000, 1, 2}};
}

bool Contains(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(Prometheus, ExactLinesForAKnownSnapshot) {
  model::Snapshot snap;
  snap.listeners.push_back(MakeListener("127.0.0.1", 8080, 5, 4, "nginx"));
  snap.owners_collected = true;
  snap.owners.processes_hidden = 3;
  model::Socket s;
  s.netns = 4026531840;
  s.state = model::State::kSynRecv;
  snap.sockets.push_back(s);
  model::NetnsData ns;
  ns.inode = 4026531840;
  ns.counters.values["TcpExt.ListenOverflows"] = 42;
  ns.limits.somaxconn = 4096;
  ns.sockstat.tcp_inuse = 3;
  snap.namespaces.push_back(ns);
  diagnose::Finding f;
  f.id = "accept-queue-full";
  f.severity = diagnose::Severity::kCritical;
  f.listener = snap.listeners[0];
  std::vector<diagnose::Finding> findings{f, f};  // duplicates give one series
  auto health = Healthy();

  MetricsView view;
  view.snapshot = &snap;
  view.findings = findings;
  view.collectors = health;
  view.scrapes_total = 3;
  view.version = "0.1.0";
  std::string out;
  RenderPrometheus(view, out);

  const std::string labels =
      R"({netns="4026531840",address="127.0.0.1",port="8080",process="nginx"})";
  EXPECT_TRUE(Contains(out, "sockscope_build_info{version=\"0.1.0\"} 1"));
  EXPECT_TRUE(Contains(out, "sockscope_scrapes_total 3"));
  EXPECT_TRUE(Contains(out, "sockscope_collector_success{collector=\"sock_diag\"} 1"));
  EXPECT_TRUE(Contains(out, "sockscope_collector_duration_seconds{collector=\"proc\"} 0.25"));
  EXPECT_TRUE(Contains(out, "sockscope_collector_timeouts_total{collector=\"proc\"} 1"));
  EXPECT_TRUE(Contains(out, "sockscope_collector_errors_total{collector=\"proc\"} 2"));
  EXPECT_TRUE(Contains(
      out, "sockscope_collector_last_success_timestamp_seconds{collector=\"proc\"} 1700000000"));
  EXPECT_TRUE(Contains(out, "# TYPE sockscope_listener_accept_queue_length gauge"));
  EXPECT_TRUE(Contains(out, "sockscope_listener_accept_queue_length" + labels + " 5"));
  EXPECT_TRUE(Contains(out, "sockscope_listener_accept_queue_max" + labels + " 4"));
  EXPECT_TRUE(Contains(out, "sockscope_listener_syn_recv" + labels + " 2"));
  EXPECT_TRUE(Contains(out, "sockscope_listener_unaccepted" + labels + " 5"));
  EXPECT_TRUE(Contains(out, "# TYPE sockscope_listener_drops_total counter"));
  EXPECT_TRUE(Contains(out, "sockscope_listener_drops_total" + labels + " 7"));
  EXPECT_TRUE(Contains(out, "sockscope_listener_series_dropped 0"));
  EXPECT_TRUE(Contains(out, "sockscope_owner_processes_hidden 3"));
  EXPECT_TRUE(
      Contains(out, "sockscope_sockets{netns=\"4026531840\",proto=\"tcp\",state=\"syn_recv\"} 1"));
  EXPECT_TRUE(
      Contains(out, "sockscope_sockstat_tcp_sockets{netns=\"4026531840\",kind=\"inuse\"} 3"));
  EXPECT_TRUE(Contains(out, "# TYPE sockscope_tcpext_listen_overflows_total counter"));
  EXPECT_TRUE(Contains(out, "sockscope_tcpext_listen_overflows_total{netns=\"4026531840\"} 42"));
  EXPECT_TRUE(Contains(out, "sockscope_limit_somaxconn{netns=\"4026531840\"} 4096"));
  const std::string finding =
      "sockscope_finding{id=\"accept-queue-full\",netns=\"4026531840\","
      "address=\"127.0.0.1\",port=\"8080\"} 3";
  EXPECT_TRUE(Contains(out, finding));
  EXPECT_EQ(out.find(finding), out.rfind(finding));
  EXPECT_EQ(out.back(), '\n');
}

TEST(Prometheus, PageCountsAreBytesAndProcessValuesAreExported) {
  model::Snapshot snap;
  model::NetnsData ns;
  ns.inode = 7;
  ns.sockstat.tcp_mem_pages = 10;
  ns.limits.tcp_mem_pressure = 100;
  ns.pod = "0f5e2c1a-8d3b-4c1e-9a7f-2b6d4e8c0a11";
  ns.container = "abc123";
  ns.pod_name = "web-0";
  ns.pod_namespace = "shop";
  snap.namespaces.push_back(ns);
  snap.sources.push_back({"tcp/inet", 7, model::SourceStatus::kFailed, "netlink", "gone"});
  snap.sources.push_back({"counters", 7, model::SourceStatus::kOk, "proc", ""});
  model::ProcessSelf self;
  self.resident_bytes = 123456;
  self.cpu_seconds = 1.5;
  self.open_fds = 9;  // max_fds unknown: no series
  auto health = Healthy();
  MetricsView view;
  view.snapshot = &snap;
  view.collectors = health;
  view.self = &self;
  view.page_size = 4096;
  std::string out;
  RenderPrometheus(view, out);
  EXPECT_TRUE(Contains(out, "sockscope_sockstat_tcp_memory_bytes{netns=\"7\"} 40960")) << out;
  EXPECT_TRUE(Contains(out, "sockscope_limit_tcp_mem_pressure_bytes{netns=\"7\"} 409600")) << out;
  EXPECT_TRUE(Contains(out, "process_resident_memory_bytes 123456")) << out;
  EXPECT_TRUE(
      Contains(out,
               "sockscope_netns_info{netns=\"7\",container_id=\"abc123\",pod_uid=\"0f5e2c1a-"
               "8d3b-4c1e-9a7f-2b6d4e8c0a11\",pod_name=\"web-0\",pod_namespace=\"shop\","
               "unit=\"\"} 1"))
      << out;
  EXPECT_TRUE(Contains(out, "sockscope_source_success{netns=\"7\",source=\"tcp/inet\"} 0")) << out;
  EXPECT_TRUE(Contains(out, "sockscope_source_success{netns=\"7\",source=\"counters\"} 1")) << out;
  EXPECT_TRUE(Contains(out, "process_cpu_seconds_total 1.5")) << out;
  EXPECT_TRUE(Contains(out, "process_open_fds 9")) << out;
  EXPECT_FALSE(Contains(out, "process_max_fds")) << out;
  // Page size unknown: no byte series rather than a wrong one.
  view.page_size = 0;
  out.clear();
  RenderPrometheus(view, out);
  EXPECT_FALSE(Contains(out, "sockscope_sockstat_tcp_memory_bytes{")) << out;
  EXPECT_FALSE(Contains(out, "sockscope_limit_tcp_mem_pressure_bytes{")) << out;
}

TEST(Prometheus, EscapesHostileProcessNames) {
  model::Snapshot snap;
  snap.listeners.push_back(MakeListener("::1", 22, 0, 128, "a\"b\\c\nd\xff"));
  MetricsView view;
  view.snapshot = &snap;
  std::string out;
  RenderPrometheus(view, out);
  EXPECT_TRUE(Contains(out, R"(sockscope_listener_accept_queue_length{netns="4026531840",)"
                            R"(address="::1",port="22",process="a\"b\\c\nd\\xff"} 0)"))
      << out;
  // Every line is a comment or name{...} value: no raw newline inside labels.
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    ASSERT_FALSE(line.empty());
    ASSERT_TRUE(line[0] == '#' || line.rfind("sockscope_", 0) == 0) << line;
  }
}

TEST(Prometheus, CapsListenerSeriesAndSumsTheRest) {
  std::vector<model::Listener> listeners;
  for (uint16_t p = 1; p <= 10; ++p) listeners.push_back(MakeListener("10.0.0.1", p, 0, 8, "x"));
  listeners.push_back(MakeListener("10.0.0.1", 999, 3, 8, "busy"));  // busy: always kept
  ListenerRows rows = BuildListenerRows(listeners, 4);
  ASSERT_EQ(rows.rows.size(), 5u);  // 4 kept + one "other"
  EXPECT_EQ(rows.dropped, 7u);
  EXPECT_EQ(rows.rows[0].port, "999");
  EXPECT_EQ(rows.rows[1].port, "1");
  EXPECT_EQ(rows.rows.back().address, "other");
  EXPECT_EQ(rows.rows.back().accept_queue_max, 7u * 8);
  EXPECT_EQ(rows.rows.back().drops, 7u * 7);

  model::Snapshot snap;
  snap.listeners = listeners;
  MetricsView view;
  view.snapshot = &snap;
  view.max_listener_series = 4;
  std::string out;
  RenderPrometheus(view, out);
  EXPECT_TRUE(Contains(out, "sockscope_listener_series_dropped 7"));
  EXPECT_TRUE(Contains(out, R"(sockscope_listener_accept_queue_max{netns="4026531840",)"
                            R"(address="other",port="0",process=""} 56)"));
}

// The series budget: over --max-series, whole namespaces are left out (the
// one with a finding kept first), the scrape stays within the budget, and
// the two gauges say what was left out.
TEST(Prometheus, OverTheSeriesBudgetWholeNamespacesAreLeftOut) {
  model::Snapshot snap;
  for (uint64_t ns = 1; ns <= 10; ++ns) {
    model::NetnsData data;
    data.inode = ns;
    data.counters_ok = true;
    for (int c = 0; c < 5; ++c)
      data.counters.values[fmt::format("TcpExt.ListenOverflows{}", c)] = 1;
    data.sockstat.tcp_inuse = 3;
    snap.namespaces.push_back(data);
    model::Listener l = MakeListener("10.0.0.1", 80, 0, 8, "x");
    l.netns = ns;
    snap.listeners.push_back(l);
  }
  std::vector<FindingSeries> findings{{"accept-queue-full", 9, "10.0.0.1", "80", 3}};
  MetricsView view;
  view.snapshot = &snap;
  view.finding_series = &findings;
  std::string all;
  RenderPrometheus(view, all);
  EXPECT_TRUE(Contains(all, "sockscope_series_dropped 0"));
  EXPECT_TRUE(Contains(all, "sockscope_namespaces_dropped 0"));

  auto samples = [](const std::string& text) {
    size_t n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') ++n;
    return n;
  };
  auto namespaces = [](const std::string& text) {
    std::set<std::string> seen;
    static const std::regex kNetns(R"re(netns="([0-9]+)")re");
    for (std::sregex_iterator it(text.begin(), text.end(), kNetns), end; it != end; ++it)
      seen.insert((*it)[1]);
    return seen;
  };
  const size_t full = samples(all);
  view.max_series = full / 2;
  std::string capped;
  RenderPrometheus(view, capped);
  // Within the budget (the two gauges aside), fewer namespaces, each whole.
  EXPECT_LE(samples(capped) - 2, view.max_series);
  std::set<std::string> kept = namespaces(capped);
  EXPECT_LT(kept.size(), 10u);
  EXPECT_GT(kept.size(), 0u);
  EXPECT_EQ(kept.count("9"), 1u) << "the namespace with a finding is kept first";
  for (const auto& ns : kept) {
    const std::string tag = "netns=\"" + ns + "\"";
    size_t in_all = 0, in_capped = 0;
    for (size_t at = 0; (at = all.find(tag, at)) != std::string::npos; ++at) ++in_all;
    for (size_t at = 0; (at = capped.find(tag, at)) != std::string::npos; ++at) ++in_capped;
    EXPECT_EQ(in_all, in_capped) << "namespace " << ns << " is whole";
  }
  EXPECT_TRUE(Contains(capped, fmt::format("sockscope_namespaces_dropped {}", 10 - kept.size())));
  EXPECT_TRUE(
      Contains(capped, fmt::format("sockscope_series_dropped {}", samples(all) - samples(capped))));
}

TEST(Prometheus, ReusePortMembersShareOneSeries) {
  std::vector<model::Listener> listeners{MakeListener("0.0.0.0", 80, 1, 10, "w"),
                                         MakeListener("0.0.0.0", 80, 2, 10, "w")};
  ListenerRows rows = BuildListenerRows(listeners, 500);
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0].accept_queue_len, 3u);
  EXPECT_EQ(rows.rows[0].accept_queue_max, 20u);
}

TEST(Prometheus, StaleScrapeOmitsSnapshotSeries) {
  std::vector<CollectorHealth> health{{"sock_diag", false, 0, 1700000000, 1, 0}};
  MetricsView view;
  view.collectors = health;
  std::string out;
  RenderPrometheus(view, out);
  EXPECT_TRUE(Contains(out, "sockscope_collector_success{collector=\"sock_diag\"} 0"));
  EXPECT_TRUE(Contains(out, "sockscope_collector_timeouts_total{collector=\"sock_diag\"} 1"));
  EXPECT_EQ(out.find("sockscope_listener_"), std::string::npos);
  EXPECT_EQ(out.find("sockscope_tcpext_"), std::string::npos);
  EXPECT_EQ(out.find("sockscope_finding"), std::string::npos);
}

// docs/metrics.md documents every metric of the registry.
TEST(Prometheus, EveryRegisteredMetricIsDocumented) {
  std::ifstream in(fmt::format("{}/../../docs/metrics.md", SOCKSCOPE_FIXTURES));
  ASSERT_TRUE(in) << "docs/metrics.md not found";
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  auto documented = [&](std::string_view name) {
    return text.find("`" + std::string(name) + "`") != std::string::npos;
  };
  for (const auto& m : ExporterMetrics()) EXPECT_TRUE(documented(m.name)) << m.name;
  for (const auto& c : ConnectionCounters()) EXPECT_TRUE(documented(c.metric)) << c.metric;
  for (const auto& l : Limits()) EXPECT_TRUE(documented(l.metric)) << l.metric;
}

// ...and the other way: every metric name docs/metrics.md mentions is one the
// exporter can print.
TEST(Prometheus, EveryDocumentedMetricIsRegistered) {
  std::ifstream in(fmt::format("{}/../../docs/metrics.md", SOCKSCOPE_FIXTURES));
  ASSERT_TRUE(in) << "docs/metrics.md not found";
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  std::set<std::string> registered;
  for (const auto& m : ExporterMetrics()) registered.insert(std::string(m.name));
  for (const auto& c : ConnectionCounters()) registered.insert(std::string(c.metric));
  for (const auto& l : Limits()) registered.insert(std::string(l.metric));
  static const std::regex kName("`(sockscope_[a-z_]+)`");
  int seen = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), kName), end; it != end; ++it, ++seen)
    EXPECT_EQ(registered.count((*it)[1]), 1u) << (*it)[1] << " is documented but not exported";
  EXPECT_GT(seen, 20);
}

}  // namespace
}  // namespace sockscope::render
