// The sock_diag source: one dump per (protocol, family) asked for, each under
// the caller's deadline, decoded straight into model::Socket values.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/deadline.h"
#include "model/snapshot.h"
#include "model/socket_region.h"
#include "netlink/dump.h"
#include "sys/netlink_socket.h"

namespace sockscope::collect {

// Receives each socket of a streamed collection as it is decoded.
using SocketCallback = std::function<void(model::Socket&)>;

struct NetlinkSourceOptions {
  bool tcp = true, udp = false, unix_sockets = false, raw = false, mptcp = false;
  bool netlink = false, packet = false;  // in CLOSE: asked for with it in udp_states
  bool unix_files = false;               // UNIX: the inode and device of bound paths
  bool inet4 = true, inet6 = true;
  // TCP of both families (inet4 and inet6) in one dump, unless a region is
  // asked for (its programs are per family): netlink::InetDiagQuery::
  // both_families. With memory but not tcp_connection_memory, two: the
  // connections without memory info, the listeners with it. The dumps stop
  // at the first that fails (the caller falls back to one per family).
  bool tcp_one_walk = false;
  model::StateMask tcp_states = model::kAllStates;
  model::StateMask udp_states = model::kAllStates;  // and raw
  model::StateMask unix_states = model::kAllStates;
  model::StateMask mptcp_states = model::kAllStates;
  bool tcp_info = false;
  bool memory = false;
  bool tcp_connection_memory = true;  // CollectOptions::tcp_connection_memory
  bool congestion = false;
  bool tos = false;  // TOS, traffic class and class id (ls --tos)
  // TCP dumps only this region (compiled for the kernel); null: all.
  const model::SocketRegion* tcp_region = nullptr;
  // TCP (without a region) and UDP dumps run this program; null: none.
  const std::vector<uint8_t>* inet_program = nullptr;
  netlink::DumpLimits limits;
  // Set: decoded sockets are appended here (the caller reserved room for
  // them), none into SourceResult::sockets; a failed dump's are removed
  // again, the ones before it kept.
  std::vector<model::Socket>* append_to = nullptr;
  // Set: every decoded socket goes here, none into SourceResult::sockets. A
  // dump that fails part-way has then already handed some over: its failure
  // is still a note (and the caller's source state says so), and a retried
  // dump hands them over again (the collector drops repeats).
  const SocketCallback* stream = nullptr;
};

struct SourceResult {
  std::vector<model::Socket> sockets;
  std::vector<model::Note> notes;  // one per failed dump, with its reason
  int dumps_ok = 0;
  int dumps_failed = 0;
  int dumps_unsupported = 0;  // the kernel lacks that diag module (not an outage)
  bool permission_denied = false;
};

// Runs the dumps in the calling thread's network namespace. A failed dump is
// a note and leaves the others intact; its sockets are dropped, never
// half-published. `netns` is stamped on every socket.
SourceResult CollectFromNetlink(sys::NetlinkOpener& opener, const NetlinkSourceOptions& options,
                                const base::Deadline& deadline, uint64_t netns);

}  // namespace sockscope::collect
