// Folds a re-read of part of the sockets into an earlier snapshot: check's
// samples are one full dump plus re-reads of the region its rules judge
// (diagnose/progress_region.h). Pure function over values.
#pragma once

#include "collect/collect_options.h"
#include "model/snapshot.h"

namespace sockscope::collect {

// Every socket of `base` that `fresh_selection` admits (what the re-read
// asked for: the same rule the dumps and /proc rows obey) is replaced by the
// sockets of `fresh`: a socket re-read keeps its new values, one that the
// re-read no longer shows is gone, a new one in the region is added. The
// namespaces whose counters `fresh` read take its counters; fresh's sources
// and notes are added (a re-read that failed makes the result incomplete);
// the time of the snapshot becomes fresh's. Listeners are re-derived.
void MergeRefresh(model::Snapshot& base, model::Snapshot fresh,
                  const SocketSelection& fresh_selection);

}  // namespace sockscope::collect
