#include "exporter/exporter.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include "exporter/collection.h"
#include "exporter/finding_memory.h"
#include "exporter/gzip.h"
#include "procfs/self_stat.h"
#include "render/prometheus.h"
#include "sys/files.h"

namespace sockscope::exporter {
namespace {

using std::chrono::nanoseconds;

// text format 0.0.4, as Prometheus expects it.
constexpr std::string_view kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr nanoseconds kMinMargin = std::chrono::milliseconds(250);
constexpr nanoseconds kMinBudget = std::chrono::milliseconds(100);

}  // namespace

nanoseconds ScrapeBudget(nanoseconds configured, std::optional<std::string_view> header_value) {
  nanoseconds budget = configured;
  if (header_value && !header_value->empty()) {
    // std::from_chars for double is in libstdc++ 11+; strtod needs a NUL.
    std::string text(*header_value);
    char* end = nullptr;
    double seconds = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && *end == '\0' && seconds > 0 && seconds < 86400) {
      auto header = std::chrono::duration_cast<nanoseconds>(std::chrono::duration<double>(seconds));
      nanoseconds margin = std::max(kMinMargin, header / 10);
      budget = std::min(budget, header - margin);
    }
  }
  return std::max(budget, kMinBudget);
}

base::Result<std::unique_ptr<Exporter>> Exporter::Start(const ExporterOptions& options,
                                                        collect::Environment env,
                                                        const collect::CollectOptions& collect) {
  auto collector = std::make_shared<SnapshotCollector>(env, collect);
  return Start(options, [collector](Progress& p) { return collector->Run(p); });
}

base::Result<std::unique_ptr<Exporter>> Exporter::Start(const ExporterOptions& options,
                                                        CollectFn collect_fn) {
  std::unique_ptr<Exporter> e(new Exporter(options));
  e->coordinator_ = std::make_unique<ScrapeCoordinator>(std::move(collect_fn), options.log);
  Exporter* self = e.get();
  auto server =
      HttpServer::Start(options.http, [self](const HttpRequest& r) { return self->Handle(r); });
  if (!server) return server.error();
  e->server_ = std::move(*server);
  return e;
}

Exporter::~Exporter() {
  if (server_) server_->Stop();  // no handler runs after this
}

HttpResponse Exporter::Metrics(const base::Deadline& deadline) {
  ScrapeResult scrape = coordinator_->Scrape(deadline);
  render::MetricsView view;
  view.collectors = scrape.health;
  view.scrapes_total = scrape.scrapes_total;
  view.version = options_.version;
  view.max_listener_series = options_.max_listener_series;
  view.max_series = options_.max_series;
  // The exporter's own process: cheap (/proc/self), read at every scrape.
  const model::ProcessSelf self = procfs::ReadProcessSelf(sys::RealFiles());
  view.self = &self;
  const long page = ::sysconf(_SC_PAGESIZE);
  view.page_size = page > 0 ? static_cast<uint64_t>(page) : 0;
  std::vector<render::FindingSeries> findings;
  if (scrape.collection) {
    view.snapshot = scrape.collection->snapshot.get();
    view.findings = scrape.collection->findings;
    // Namespaces this collection could read (counters, or a socket table
    // that did not fail): one that vanished between the target list and its
    // read has only failed sources. Taken from the namespaces and sources, a
    // few entries each, not from every socket of the scrape.
    std::set<uint64_t> namespaces;
    if (view.snapshot) {
      for (const auto& ns : view.snapshot->namespaces)
        if (ns.counters_ok) namespaces.insert(ns.inode);
      for (const auto& s : view.snapshot->sources)
        if (s.netns != 0 && s.status != model::SourceStatus::kFailed) namespaces.insert(s.netns);
    }
    findings = finding_memory_.Update(render::SeriesOfFindings(view.findings), namespaces,
                                      FindingMemory::Clock::now());
    view.finding_series = &findings;
  }
  HttpResponse r;
  r.content_type = kMetricsType;
  render::RenderPrometheus(view, r.body);
  return r;
}

std::string Exporter::LandingPage() const {
  // Our own words only: the version is a build constant.
  return fmt::format(
      "<!DOCTYPE html>\n<html><head><title>sockscope exporter</title></head><body>\n"
      "<h1>sockscope exporter</h1>\n<p>sockscope {} &mdash; Linux TCP socket metrics and "
      "findings for Prometheus.</p>\n<ul>\n"
      "<li><a href=\"/metrics\">/metrics</a> &mdash; the metrics (docs/metrics.md)</li>\n"
      "<li><a href=\"/healthz\">/healthz</a> &mdash; liveness</li>\n</ul>\n</body></html>\n",
      options_.version);
}

HttpResponse Exporter::Handle(const HttpRequest& request) {
  if (request.path == "/metrics") {
    auto budget = ScrapeBudget(options_.scrape_timeout,
                               request.Header("x-prometheus-scrape-timeout-seconds"));
    HttpResponse r = Metrics(base::Deadline::At(request.received_at + budget));
    if (auto accept = request.Header("accept-encoding"); accept && AcceptsGzip(*accept)) {
      if (auto packed = Gzip(r.body)) {
        r.body = std::move(*packed);
        r.content_encoding = "gzip";
      }
    }
    return r;
  }
  if (request.path == "/healthz") return HttpResponse{200, "text/plain; charset=utf-8", "ok\n"};
  if (request.path == "/") return HttpResponse{200, "text/html; charset=utf-8", LandingPage()};
  return HttpResponse{404, "text/plain; charset=utf-8", "not found\n"};
}

}  // namespace sockscope::exporter
