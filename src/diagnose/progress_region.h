// Which sockets of a first sample the progress rules will judge: those with
// data queued, in CLOSE-WAIT or SYN-SENT, the children of listeners with
// anything queued, and client connections in groups that could pile up.
// `check` re-reads only this region instead of every socket, so two samples
// cost one full dump plus small ones (docs/performance.md). Each dump with a
// non-LISTEN state walks every connection of its table in the kernel, so the
// region is split by what each part needs: tcp_info in both samples, or
// only the second sample's identities.
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
  // Sockets whose tcp_info the rules compare between the samples (bytes
  // received and acknowledged of connections with data queued) or read in
  // the second (SYN retransmissions of connects): re-read with tcp_info at
  // once and after the interval.
  model::SocketRegion with_info;
  // Sockets judged by their identity (cookie) in both samples: CLOSE-WAIT,
  // the children of busy listeners. The first full dump is their first
  // sample; re-read after the interval only, without tcp_info.
  model::SocketRegion by_identity;
  // Destinations with enough client connections to pile up: re-read in the
  // second sample only, first without tcp_info (which ones grew?), then with
  // it for the groups that grew (are the connections idle?).
  model::SocketRegion client_groups;

  bool Matches(const model::Socket& s) const {
    return with_info.Matches(s) || by_identity.Matches(s) || client_groups.Matches(s);
  }
};

// The regions of `first`; nullopt when they would hold more terms than
// kMaxRegionTerms (then every socket is re-read, as without a region).
std::optional<ProgressRegions> ProgressRegion(const model::Snapshot& first);

}  // namespace sockscope::diagnose
