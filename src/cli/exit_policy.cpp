#include "cli/exit_policy.h"

#include "cli/exit_codes.h"

namespace sockscope::cli {

int ExitCodeForListing(const model::Snapshot& snapshot) {
  return snapshot.Complete() ? kExitOk : kExitCannotInspect;
}

int ExitCodeForCheck(const model::Snapshot& snapshot, std::span<const diagnose::Finding> findings) {
  if (!snapshot.Complete()) return kExitCannotInspect;
  bool warning = false;
  for (const auto& f : findings) {
    if (f.severity == diagnose::Severity::kCritical) return kExitCritical;
    warning |= f.severity == diagnose::Severity::kWarning;
  }
  return warning ? kExitWarnings : kExitOk;
}

}  // namespace sockscope::cli
