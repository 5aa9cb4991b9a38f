// Every key sockscope writes in a JSON document, defined once. Renderers
// write json_key::kNetns, never the literal; docs/json.md documents each key
// and tests/unit/render/json_keys_test.cpp checks both directions.
// (Evidence keys of findings are the rules' own: docs/findings.md.)
#pragma once

#include <span>
#include <string_view>

// X(handle, "key"), sorted by key.
#define SOCKSCOPE_JSON_KEYS(X)             \
  X(kAcceptQueue, "accept_queue")          \
  X(kAddr, "addr")                         \
  X(kAdvice, "advice")                     \
  X(kBacklog, "backlog")                   \
  X(kBackoff, "backoff")                   \
  X(kBytesAcked, "bytes_acked")            \
  X(kBytesReceived, "bytes_received")      \
  X(kComm, "comm")                         \
  X(kComplete, "complete")                 \
  X(kCongestion, "congestion")             \
  X(kContainer, "container")               \
  X(kCookie, "cookie")                     \
  X(kCounters, "counters")                 \
  X(kCritical, "critical")                 \
  X(kCwnd, "cwnd")                         \
  X(kDeliveryRateBps, "delivery_rate_bps") \
  X(kDeltas, "deltas")                     \
  X(kDev, "dev")                           \
  X(kDrops, "drops")                       \
  X(kDropsDelta, "drops_delta")            \
  X(kEvidence, "evidence")                 \
  X(kExpiresMs, "expires_ms")              \
  X(kFamily, "family")                     \
  X(kFd, "fd")                             \
  X(kFill, "fill")                         \
  X(kFindings, "findings")                 \
  X(kFull, "full")                         \
  X(kFwdAlloc, "fwd_alloc")                \
  X(kGroup, "group")                       \
  X(kId, "id")                             \
  X(kIndex, "index")                       \
  X(kInfo, "info")                         \
  X(kInode, "inode")                       \
  X(kInterval, "interval")                 \
  X(kIntervalSeconds, "interval_seconds")  \
  X(kLastRecvMs, "last_recv_ms")           \
  X(kLastSendMs, "last_send_ms")           \
  X(kLen, "len")                           \
  X(kLimits, "limits")                     \
  X(kListenDrops, "listen_drops")          \
  X(kListenOverflows, "listen_overflows")  \
  X(kListener, "listener")                 \
  X(kListeners, "listeners")               \
  X(kLocal, "local")                       \
  X(kLost, "lost")                         \
  X(kMax, "max")                           \
  X(kMemory, "memory")                     \
  X(kMinRttUs, "min_rtt_us")               \
  X(kMss, "mss")                           \
  X(kName, "name")                         \
  X(kNetns, "netns")                       \
  X(kNote, "note")                         \
  X(kNotes, "notes")                       \
  X(kOptmem, "optmem")                     \
  X(kOwnersKnown, "owners_known")          \
  X(kPacingRateBps, "pacing_rate_bps")     \
  X(kPath, "path")                         \
  X(kPeer, "peer")                         \
  X(kPid, "pid")                           \
  X(kPod, "pod")                           \
  X(kPodName, "pod_name")                  \
  X(kPodNamespace, "pod_namespace")        \
  X(kPort, "port")                         \
  X(kPortid, "portid")                     \
  X(kProcesses, "processes")               \
  X(kProto, "proto")                       \
  X(kProtocol, "protocol")                 \
  X(kRcvMss, "rcv_mss")                    \
  X(kRcvbuf, "rcvbuf")                     \
  X(kReason, "reason")                     \
  X(kRecvQ, "recv_q")                      \
  X(kRetrans, "retrans")                   \
  X(kReuseportGroup, "reuseport_group")    \
  X(kRmemAlloc, "rmem_alloc")              \
  X(kRtoUs, "rto_us")                      \
  X(kRttUs, "rtt_us")                      \
  X(kRttvarUs, "rttvar_us")                \
  X(kSeconds, "seconds")                   \
  X(kSendQ, "send_q")                      \
  X(kSeverity, "severity")                 \
  X(kSndbuf, "sndbuf")                     \
  X(kSockets, "sockets")                   \
  X(kSockstat, "sockstat")                 \
  X(kSource, "source")                     \
  X(kSources, "sources")                   \
  X(kSsthresh, "ssthresh")                 \
  X(kState, "state")                       \
  X(kStatus, "status")                     \
  X(kSummary, "summary")                   \
  X(kSynRecv, "syn_recv")                  \
  X(kTcpInfo, "tcp_info")                  \
  X(kTimer, "timer")                       \
  X(kTotalRetrans, "total_retrans")        \
  X(kType, "type")                         \
  X(kUid, "uid")                           \
  X(kUnaccepted, "unaccepted")             \
  X(kUnacked, "unacked")                   \
  X(kV6only, "v6only")                     \
  X(kVia, "via")                           \
  X(kWarning, "warning")                   \
  X(kWhy, "why")                           \
  X(kWmemAlloc, "wmem_alloc")              \
  X(kWmemQueued, "wmem_queued")

namespace sockscope::render {

namespace json_key {
#define SOCKSCOPE_JSON_KEY_CONSTANT(handle, text) inline constexpr std::string_view handle = text;
SOCKSCOPE_JSON_KEYS(SOCKSCOPE_JSON_KEY_CONSTANT)
#undef SOCKSCOPE_JSON_KEY_CONSTANT
}  // namespace json_key

// All of them, sorted (for the docs test).
std::span<const std::string_view> AllJsonKeys();

}  // namespace sockscope::render
