// sockscope serve: the Prometheus exporter (docs/serve.md). Runs until
// SIGINT or SIGTERM; the collectors run on their own thread with the global
// --timeout per kernel query, every scrape is bounded by --scrape-timeout.
#include <signal.h>

#include <fmt/format.h>

#include "base/duration.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "exporter/exporter.h"
#include "render/prometheus.h"
#include "sys/heap_policy.h"

namespace sockscope::cli {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:9977";
  std::string scrape_timeout = "5s";
  unsigned max_connections = 64;
  unsigned workers = 8;
  size_t max_listener_series = 500;
  size_t max_series = render::kDefaultMaxSeries;
};

int RunServe(const GlobalOptions& global, const ServeFlags& flags) {
  // Block the stop signals before any thread exists (threads inherit the
  // mask) and wait for them in sigwait below: no async-signal-safety concerns.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  auto where = exporter::ParseListenAddress(flags.listen);
  if (!where) {
    PrintError(where.error().message);
    return kExitUsage;
  }
  auto scrape_timeout = base::ParseDuration(flags.scrape_timeout);
  if (!scrape_timeout || scrape_timeout->count() <= 0) {
    PrintError(fmt::format("--scrape-timeout '{}': expected a positive duration such as 5s",
                           flags.scrape_timeout));
    return kExitUsage;
  }
  sys::KeepLargeBlocksInTheirOwnMappings();  // a snapshot held while the next is built
  auto holder = EnvironmentHolder::Create(global);
  if (!holder) {
    PrintError(holder.error().message);
    return ExitCodeFor(holder.error());
  }
  // Pods start and stop while the exporter runs: each scrape lists the
  // namespaces again.
  (*holder)->FollowNamespaces();
  exporter::ExporterOptions options;
  options.http.address = where->first;
  options.http.port = where->second;
  options.http.max_connections = std::max(2u, flags.max_connections);
  options.http.workers = std::max(1u, flags.workers);
  options.scrape_timeout = *scrape_timeout;
  options.max_listener_series = flags.max_listener_series;
  options.max_series = flags.max_series;
  options.version = SOCKSCOPE_VERSION;
  exporter::Log log;  // logfmt on stderr (docs/serve.md "Logs")
  options.log = &log;
  collect::CollectOptions collect;
  ApplyGlobal(global, collect);
  auto exp = exporter::Exporter::Start(options, (*holder)->env(), collect);
  if (!exp) {
    PrintError(exp.error().message);
    return ExitCodeFor(exp.error());
  }
  const std::string port = std::to_string((*exp)->port());
  log.Info("listening",
           {{"address", flags.listen}, {"port", port}, {"version", SOCKSCOPE_VERSION}});
  int sig = 0;
  sigwait(&stop, &sig);
  log.Info("stopping", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
  exp->reset();  // stop serving, wait for the collector thread
  return 0;
}

}  // namespace

CLI::App* AddServeCommand(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand("serve", "Export metrics and findings for Prometheus");
  cmd->fallthrough();
  cmd->add_option("--listen", flags->listen,
                  "address to serve on (127.0.0.1:9977, [::1]:9977, :9977 for every address)")
      ->option_text("ADDR:PORT");
  cmd->add_option("--scrape-timeout", flags->scrape_timeout,
                  "longest time a scrape waits for the collectors (default 5s)")
      ->option_text("DURATION");
  cmd->add_option("--max-connections", flags->max_connections,
                  "open HTTP connections at most (default 64)");
  cmd->add_option("--workers", flags->workers, "threads answering requests (default 8)");
  cmd->add_option("--max-listener-series", flags->max_listener_series,
                  "listener label sets exported before the rest are summed (default 500)");
  cmd->add_option("--max-series", flags->max_series,
                  "samples a scrape writes at most; beyond, whole namespaces are left out "
                  "(counted in sockscope_series_dropped) (default 50000)");
  cmd->callback([&global, flags, &action] {
    action = [&global, flags] { return RunServe(global, *flags); };
  });
  return cmd;
}

}  // namespace sockscope::cli
