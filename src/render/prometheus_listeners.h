// Listener series for Prometheus: one row per (netns, address, port,
// process) label set. Listeners that share a label set (an SO_REUSEPORT
// group, or a listener on 0.0.0.0 and one on :: owned by one process) are
// summed so no series repeats; past the cap, the rest are summed into one
// row per namespace with address "other".
//
// Pure function over values: no I/O, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/listener.h"

namespace sockscope::render {

struct ListenerRow {
  std::string netns;  // decimal inode
  std::string address;
  std::string port;
  std::string process;  // comm of the lowest pid holding it; empty when unknown
  uint64_t accept_queue_len = 0;
  uint64_t accept_queue_max = 0;
  bool accept_queue_max_known = true;  // false if any member came from /proc
  uint64_t syn_recv = 0;
  uint64_t unaccepted = 0;
  uint64_t drops = 0;
  bool drops_known = true;
};

struct ListenerRows {
  std::vector<ListenerRow> rows;  // sorted by label set; "other" rows last
  size_t dropped = 0;             // label sets summed into "other" rows
};

// Keeps up to max_series label sets: busy ones first (a queue, SYN-RECV or
// unaccepted children), then by namespace, port and address, so trouble is
// never hidden in "other" and the kept set is stable while nothing changes.
ListenerRows BuildListenerRows(std::span<const model::Listener> listeners, size_t max_series);

}  // namespace sockscope::render
