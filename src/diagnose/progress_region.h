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

// The region of `first`; nullopt when it would hold more terms than
// kMaxRegionTerms (then every socket is re-read, as without a region).
std::optional<model::SocketRegion> ProgressRegion(const model::Snapshot& first);

}  // namespace sockscope::diagnose
