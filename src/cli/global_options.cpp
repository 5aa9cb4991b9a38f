#include "cli/global_options.h"

#include <unistd.h>

#include <algorithm>

#include "collect/container_identity.h"
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
  holder->env_.netns = &sys::RealNetns();
  bool by_identity = !options.container.empty() || !options.pod.empty();
  if (!options.netns.empty() || by_identity) {
    if (!options.proc_root.empty())
      return base::MakeError(base::ErrorKind::kUsage,
                             "--netns, --container and --pod cannot be combined with --proc-root");
    auto targets =
        collect::ResolveNetnsTargets(*holder->env_.proc, sys::RealFiles(), sys::RealNetns(),
                                     options.netns.empty() ? "all" : options.netns);
    if (!targets) return targets.error();
    collect::AttachContainerIdentity(sys::RealFiles(), targets->targets);
    if (by_identity) {
      auto& list = targets->targets;
      list.erase(
          std::remove_if(list.begin(), list.end(),
                         [&](const collect::NetnsTarget& t) {
                           return (!options.container.empty() &&
                                   !collect::ContainerMatches(t.identity, options.container)) ||
                                  (!options.pod.empty() &&
                                   !collect::PodMatches(t.identity, options.pod));
                         }),
          list.end());
      if (list.empty())
        return base::MakeError(
            base::ErrorKind::kNotFound,
            options.container.empty()
                ? "--pod " + options.pod + ": no network namespace of this pod was found"
                : "--container " + options.container +
                      ": no network namespace of this container was found");
    }
    holder->targets_ = std::move(*targets);
    holder->env_.targets = &holder->targets_.targets;
  }
  return holder;
}

model::Snapshot EnvironmentHolder::Collect(const collect::CollectOptions& options,
                                           const collect::CollectPolicy& policy) const {
  auto snap = collect::Collect(env_, options, policy);
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
