#include "cli/global_options.h"

#include <unistd.h>

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
  return holder;
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
