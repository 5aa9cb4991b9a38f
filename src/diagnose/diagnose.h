// Diagnose: run every rule (rules.h) over one or two snapshots and return the
// findings worst first. This is `check`, the exporter's findings and `top`'s
// findings pane.
//
// Pure: no I/O, never fails, thread-safe (reads its inputs only).
//
// Listeners are read from current.listeners (and previous->listeners): the
// caller fills them with collect::DeriveListeners before calling, because the
// layers keep diagnose/ independent of collect/. A snapshot whose listeners
// were not derived gives no listener findings.
#pragma once

#include <chrono>
#include <vector>

#include "diagnose/finding.h"
#include "diagnose/socket_history.h"
#include "model/snapshot.h"

namespace sockscope::diagnose {

struct DiagnoseInput {
  // The earlier sample, or nullptr for a single sample: counter rules then
  // report totals since boot (or namespace creation) as info only.
  const model::Snapshot* previous = nullptr;
  const model::Snapshot& current;
  // Time between the samples, for rates. Zero: taken from the snapshots'
  // monotonic clocks.
  std::chrono::nanoseconds interval{0};
  // The index of `previous` by socket identity, when the caller diagnoses
  // the same samples more than once (check: again once owners are known);
  // nullptr: built here.
  const SocketHistory* history = nullptr;
};

// Every rule's findings, sorted by SortFindings (worst first).
std::vector<Finding> Diagnose(const DiagnoseInput& input);

}  // namespace sockscope::diagnose
