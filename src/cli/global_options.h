// Options every command shares (docs/cli.md, "Global options"), and the
// pieces built from them: the collect::Environment and the output sink.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "cli/record_replay.h"
#include "collect/collect_options.h"
#include "collect/collector.h"
#include "collect/netns_targets.h"
#include "collect/target_resolver.h"
#include "procfs/proc_fs.h"

namespace sockscope::cli {

// kNetstat: `ls` only, the columns and state names of net-tools netstat.
enum class OutputFormat { kTable, kJson, kNdjson, kNetstat };
enum class ColorMode { kAuto, kAlways, kNever };

struct GlobalOptions {
  OutputFormat output = OutputFormat::kTable;
  collect::SourceChoice source = collect::SourceChoice::kAuto;
  collect::OwnerMethod owners = collect::OwnerMethod::kAuto;  // --owners
  std::chrono::nanoseconds timeout = std::chrono::seconds(2);
  std::string netns;  // -N: empty for our own
  // --container ID / --pod UID: visit only namespaces whose processes belong
  // to it (collect/container_identity.h). Either implies -N all.
  std::string container;
  std::string pod;
  ColorMode color = ColorMode::kAuto;
  // Hidden: read a recorded /proc tree instead of /proc (fixtures, bug
  // reports). Implies --source proc: netlink would describe this machine.
  std::string proc_root;
  // --record DIR / --replay DIR (cli/record_replay.h), and the command line
  // a recording's manifest names.
  std::string record_dir;
  std::string replay_dir;
  std::vector<std::string> command_line;
};

// Owns what an Environment points to and knows which namespaces to visit.
class EnvironmentHolder {
 public:
  // Fails for a --netns spec that is malformed (kUsage) or names nothing
  // (kNotFound), or when the /proc tree cannot be opened.
  static base::Result<std::unique_ptr<EnvironmentHolder>> Create(const GlobalOptions& options);
  const collect::Environment& env() const { return env_; }

  // For long-running commands (serve, top): every collection lists the
  // namespaces again, so new ones are visited and vanished ones dropped.
  // No-op without -N, --container or --pod.
  void FollowNamespaces();

  // One collection (collect::Collect) over this run's namespaces, with the
  // notes of resolving them.
  model::Snapshot Collect(const collect::CollectOptions& options,
                          const collect::CollectPolicy& policy = {}) const;

 private:
  std::unique_ptr<KernelAccess> kernel_;  // real, recorded or replayed
  collect::Environment env_;
  collect::NetnsTargets targets_;  // the listing at start
  std::unique_ptr<collect::TargetResolver> resolver_;
};

// Whether this run visits namespaces (-N, --container or --pod).
inline bool UsesNetns(const GlobalOptions& o) {
  return !o.netns.empty() || !o.container.empty() || !o.pod.empty();
}

// Applies the global options to collect options (source, timeout).
void ApplyGlobal(const GlobalOptions& global, collect::CollectOptions& options);

// Whether table output may use colour.
bool UseColor(const GlobalOptions& options);

}  // namespace sockscope::cli
