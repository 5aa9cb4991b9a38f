// Sample: what one collection of the top worker produced. The worker keeps
// the previous snapshot so the UI can compute rates; snapshots are shared and
// immutable, so handing one to the UI thread copies nothing.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "diagnose/finding.h"
#include "model/snapshot.h"

namespace sockscope::tui {

struct Sample {
  std::shared_ptr<const model::Snapshot> previous;  // null for the first sample
  std::shared_ptr<const model::Snapshot> current;   // never null
  std::vector<diagnose::Finding> findings;          // Diagnose(previous, current)
};

// Collects the current snapshot once, with owners and listeners. Must be safe
// to call from the worker thread; it is called from that thread only.
using CollectFn = std::function<model::Snapshot()>;

}  // namespace sockscope::tui
