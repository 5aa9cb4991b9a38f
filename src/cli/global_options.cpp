#include "cli/global_options.h"

#include <unistd.h>

#include "collect/target_resolver.h"
#include "sys/files.h"
#include "sys/netlink_socket.h"
#include "sys/netns.h"

namespace sockscope::cli {

base::Result<std::unique_ptr<EnvironmentHolder>> EnvironmentHolder::Create(
    const GlobalOptions& options) {
  auto holder = std::unique_ptr<EnvironmentHolder>(new EnvironmentHolder());
  auto kernel = OpenKernel(options);
  if (!kernel) return kernel.error();
  holder->kernel_ = std::move(*kernel);
  holder->env_.proc = holder->kernel_->proc();
  holder->env_.netlink = holder->kernel_->netlink();
  holder->env_.socket_fds = holder->kernel_->socket_fds();
  holder->env_.netns = &sys::RealNetns();
  bool by_identity = !options.container.empty() || !options.pod.empty();
  if (!options.netns.empty() || by_identity) {
    if (!options.proc_root.empty())
      return base::MakeError(base::ErrorKind::kUsage,
                             "--netns, --container and --pod cannot be combined with --proc-root");
    collect::TargetSpec spec;
    spec.netns = options.netns.empty() ? "all" : options.netns;
    spec.container = options.container;
    spec.pod = options.pod;
    holder->resolver_ = std::make_unique<collect::TargetResolver>(
        *holder->env_.proc, sys::RealFiles(), sys::RealNetns(), std::move(spec));
    auto targets = holder->resolver_->Resolve(/*require_match=*/true);
    if (!targets) return targets.error();
    holder->targets_ = std::move(*targets);
    holder->env_.targets = &holder->targets_.targets;
  }
  return holder;
}

void EnvironmentHolder::FollowNamespaces() {
  if (resolver_) env_.follow = resolver_.get();
}

model::Snapshot EnvironmentHolder::Collect(const collect::CollectOptions& options,
                                           const collect::CollectPolicy& policy) const {
  auto snap = collect::Collect(env_, options, policy);
  if (!env_.follow)  // following: Collect adds the notes of its own listing
    snap.notes.insert(snap.notes.end(), targets_.notes.begin(), targets_.notes.end());
  return snap;
}

void ApplyGlobal(const GlobalOptions& global, collect::CollectOptions& options) {
  options.source = global.proc_root.empty() ? global.source : collect::SourceChoice::kProc;
  options.timeout = global.timeout;
  options.owner_method = global.owners;
}

bool UseColor(const GlobalOptions& options) {
  if (options.color == ColorMode::kAlways) return true;
  if (options.color == ColorMode::kNever) return false;
  const char* term = getenv("TERM");
  return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term && std::string(term) != "dumb";
}

}  // namespace sockscope::cli
