// The socket tables of one network namespace: one source per (protocol,
// family) the selection asks for, each from sock_diag with one retry on a
// fresh socket, then from /proc/net for that table alone when `auto` allows
// it. Every table ends with a model::SourceState: ok, fell back (and why),
// or failed (and why) — a missing table is never an empty one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "collect/collect_options.h"
#include "collect/netlink_source.h"

namespace sockscope::collect {

struct SocketTablesRequest {
  const CollectOptions* options = nullptr;
  base::Deadline deadline = base::Deadline::After(std::chrono::seconds(0));
  uint64_t netns = 0;  // stamped on every socket and source
  // Read <proc>/<pid>/net/* instead of sock_diag (a namespace we may not
  // enter); `why` says why, for the fell-back sources.
  std::optional<int32_t> through_pid;
  std::string why;
  // The namespace's /proc/net/sockstat and sockstat6 counts, when read: a
  // table they prove empty is not dumped (TableKnownEmpty).
  std::optional<model::SockStat> counts;
  // Set: sockets go here as they are read, not into the snapshot
  // (NetlinkSourceOptions::stream says what a failed dump means then).
  const SocketCallback* stream = nullptr;
};

// Whether the kernel's socket counts prove the table (protocol, family)
// empty: no socket of it is hashed, none in TIME-WAIT, and for IPv4 TCP no
// IPv6 listener either (an IPv4 connection to a dual-stack listener waits in
// SYN-RECV as an IPv4 request). A dump walks the kernel's whole hash table,
// which every namespace shares by default (net.ipv4.tcp_child_ehash_entries
// 0): on a host of 2,000 namespaces, skipping empty tables halves `-N all`.
bool TableKnownEmpty(model::Proto proto, model::Family family, const model::SockStat& counts);

// Appends the sockets (or streams them), notes and sources of every
// requested table to snap, in ss's table order when the options ask for it.
// Runs in the calling thread's namespace; netlink may be null.
void CollectSocketTables(sys::NetlinkOpener* netlink, procfs::ProcFs& proc,
                         const SocketTablesRequest& request, model::Snapshot& snap);

}  // namespace sockscope::collect
