#include "cli/global_options.h"

#include <unistd.h>

#include "collect/netns_collect.h"
#include "sys/files.h"
#include "sys/netlink_socket.h"

namespace sockscope::cli {

base::Result<std::unique_ptr<EnvironmentHolder>> EnvironmentHolder::Create(
    const GlobalOptions& options) {
  auto holder = std::unique_ptr<EnvironmentHolder>(new EnvironmentHolder());
  auto proc = procfs::MakeRealProcFs(sys::RealFiles(),
                                     options.proc_root.empty() ? "/proc" : options.proc_root);
  if (!proc) return proc.error().Wrap("cannot open the /proc tree");
  holder->proc_ = std::move(*proc);
  holder->env_.proc = holder->proc_.get();
  holder->env_.netlink = options.proc_root.empty() ? &sys::RealNetlinkOpener() : nullptr;
  if (!options.netns.empty()) {
    if (!options.proc_root.empty())
      return base::MakeError(base::ErrorKind::kUsage,
                             "--netns cannot be combined with --proc-root");
    auto targets = collect::ResolveNetnsTargets(*holder->proc_, sys::RealFiles(), options.netns);
    if (!targets) return targets.error();
    holder->targets_ = std::move(*targets);
    holder->multi_netns_ = true;
  }
  return holder;
}

model::Snapshot EnvironmentHolder::Collect(const collect::CollectOptions& options) const {
  if (!multi_netns_) return collect::Collect(env_, options);
  auto snap = collect::CollectNamespaces(env_, sys::RealFiles(), options, targets_.targets);
  snap.notes.insert(snap.notes.end(), targets_.notes.begin(), targets_.notes.end());
  return snap;
}

void ApplyGlobal(const GlobalOptions& global, collect::CollectOptions& options) {
  options.source = global.proc_root.empty() ? global.source : collect::SourceChoice::kProc;
  options.timeout = global.timeout;
}

bool UseColor(const GlobalOptions& options) {
  if (options.color == ColorMode::kAlways) return true;
  if (options.color == ColorMode::kNever) return false;
  const char* term = getenv("TERM");
  return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term && std::string(term) != "dumb";
}

}  // namespace sockscope::cli
