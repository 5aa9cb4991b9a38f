// The exit-code policy of docs/cli.md in one place: incomplete data (a
// source asked for that failed after its retry and fallback) is exit 3
// whatever else the run found; otherwise check's worst finding decides.
#pragma once

#include <span>

#include "diagnose/finding.h"
#include "model/snapshot.h"

namespace sockscope::cli {

// ls, listeners, stats, top: 0, or 3 when the result is incomplete.
int ExitCodeForListing(const model::Snapshot& snapshot);

// check: 3 when incomplete (the findings are still printed), else 2 for a
// critical finding, 1 for a warning, 0.
int ExitCodeForCheck(const model::Snapshot& snapshot, std::span<const diagnose::Finding> findings);

}  // namespace sockscope::cli
