// Which sockets of a first sample the progress rules will judge: those with
// data queued, in CLOSE-WAIT or SYN-SENT, the children of listeners with
// anything queued, and client connections in groups that could pile up.
// `check` re-reads only this region (with tcp_info) instead of every socket,
// so two samples cost one full dump plus two small ones (docs/performance.md).
#pragma once

#include <cstddef>
#include <optional>

#include "model/snapshot.h"
#include "model/socket_region.h"

namespace sockscope::diagnose {

// Beyond this many terms the region is no longer small (and a program of
// 1024 terms of at most 44 bytes still fits one 64 KiB netlink attribute).
inline constexpr size_t kMaxRegionTerms = 1024;

struct ProgressRegions {
  // Sockets judged one by one (queued data, CLOSE-WAIT, connects, the
  // children of busy listeners): re-read with tcp_info in both samples.
  model::SocketRegion sockets;
  // Destinations with enough client connections to pile up: re-read in the
  // second sample only, first without tcp_info (which ones grew?), then with
  // it for the groups that grew (are the connections idle?).
  model::SocketRegion client_groups;
};

// The regions of `first`; nullopt when they would hold more terms than
// kMaxRegionTerms (then every socket is re-read, as without a region).
std::optional<ProgressRegions> ProgressRegion(const model::Snapshot& first);

}  // namespace sockscope::diagnose
