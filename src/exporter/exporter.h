// Exporter: `sockscope serve` as a library: an HttpServer answering
// /metrics and /healthz, and a ScrapeCoordinator running the collectors on
// its own thread. The HTTP handlers never touch the kernel; they wait for
// the shared collection until the scrape deadline and answer either way.
//
// Scrape deadline: the smaller of options.scrape_timeout and the
// X-Prometheus-Scrape-Timeout-Seconds header minus a margin (10% of it, at
// least 250 ms), so the answer reaches Prometheus before it gives up.
//
// Thread-safe. The destructor stops the server, then waits for a running
// collection to end (bounded by the collect timeout of each kernel query).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "collect/collector.h"
#include "exporter/finding_memory.h"
#include "exporter/http_server.h"
#include "exporter/log.h"
#include "exporter/scrape_coordinator.h"
#include "render/prometheus.h"

namespace sockscope::exporter {

struct ExporterOptions {
  HttpServerOptions http;
  std::chrono::nanoseconds scrape_timeout = std::chrono::seconds(5);
  size_t max_listener_series = 500;
  size_t max_series = render::kDefaultMaxSeries;
  std::string version;
  // Where collector failures and deadline misses are logged (rate-limited);
  // nullptr: not logged. Must outlive the exporter.
  Log* log = nullptr;
};

// The deadline of one scrape: see the header comment. header_value is the
// raw X-Prometheus-Scrape-Timeout-Seconds value, if any (ignored when not a
// positive number).
std::chrono::nanoseconds ScrapeBudget(std::chrono::nanoseconds configured,
                                      std::optional<std::string_view> header_value);

class Exporter {
 public:
  // Serves collections of the real collectors over env (which must outlive
  // the exporter) with `collect` options (the per-query timeout, source).
  static base::Result<std::unique_ptr<Exporter>> Start(const ExporterOptions& options,
                                                       collect::Environment env,
                                                       const collect::CollectOptions& collect);
  // Serves collections of `collect_fn` (tests inject a fake).
  static base::Result<std::unique_ptr<Exporter>> Start(const ExporterOptions& options,
                                                       CollectFn collect_fn);
  ~Exporter();

  uint16_t port() const { return server_->port(); }
  const ScrapeCoordinator& coordinator() const { return *coordinator_; }

  // The /metrics answer for one scrape with this deadline (also used by the
  // handler; public for tests).
  HttpResponse Metrics(const base::Deadline& deadline);

 private:
  explicit Exporter(const ExporterOptions& options) : options_(options) {}
  HttpResponse Handle(const HttpRequest& request);
  std::string LandingPage() const;

  ExporterOptions options_;
  FindingMemory finding_memory_;
  std::unique_ptr<ScrapeCoordinator> coordinator_;
  std::unique_ptr<HttpServer> server_;  // after coordinator_: destroyed first
};

}  // namespace sockscope::exporter
