// The thresholds of every diagnosis rule, in one place so docs/findings.md,
// the rules and their boundary tests name the same constants. Changing one is
// a user-visible change: update docs/findings.md with it.
#pragma once

#include <cstdint>

namespace sockscope::diagnose {

// unaccepted-connections: children in the accept queue (inode 0) of one
// listener (or reuseport group). A busy server may hold one or two for a few
// microseconds; a handful at one instant means accept() is late.
inline constexpr uint32_t kUnacceptedMin = 4;

// accept-queue-high: fill (len / max) at or above this, with at least
// kAcceptQueueHighMinLen queued so a max of 1 or 2 is not noisy.
inline constexpr double kAcceptQueueHighFill = 0.8;
inline constexpr uint32_t kAcceptQueueHighMinLen = 8;

// backlog-capped-by-somaxconn: a somaxconn below this is "small" (the kernel
// default was 128 before 5.4 and is 4096 since).
inline constexpr int64_t kSmallSomaxconn = 4096;

// small-backlog: an accept queue max at or below this (and below somaxconn)
// is small; 50 is Java's default, 128 the old SOMAXCONN. Busy (warning
// instead of info) when the fill reaches kSmallBacklogBusyFill.
inline constexpr uint32_t kSmallBacklogMax = 128;
inline constexpr double kSmallBacklogBusyFill = 0.5;

// syn-queue-pressure: SYN-RECV children at or above this share of the SYN
// queue limit, and at least kSynRecvMin of them.
inline constexpr double kSynQueueHighFill = 0.5;
inline constexpr uint32_t kSynRecvMin = 16;

// close-wait-buildup: CLOSE-WAIT sockets held by one process or on one port.
inline constexpr uint32_t kCloseWaitMin = 16;

// recv-queue-buildup: one ESTABLISHED socket with at least this many unread
// bytes, or at least kRecvQueueManyMin sockets of one process/port with
// unread bytes.
inline constexpr uint32_t kRecvQueueLargeBytes = 64 * 1024;
inline constexpr uint32_t kRecvQueueManyMin = 32;

// send-queue-buildup: sockets with at least this many unacknowledged bytes.
// Info for one or a few (bulk transfers over long paths queue that much);
// warning from kSendQueueManyMin sockets of one process/port, or when
// tcp_info shows the sender backing off (zero window or RTO backoff).
inline constexpr uint32_t kSendQueueLargeBytes = 1024 * 1024;
inline constexpr uint32_t kSendQueueManyMin = 8;

// time-wait-pressure: TIME-WAIT sockets above this share of tcp_max_tw_buckets.
inline constexpr double kTimeWaitHighShare = 0.5;

// ephemeral-ports-low: connections to one (destination address, port) from
// one source address using above this share of ip_local_port_range; critical
// above kEphemeralCriticalShare.
inline constexpr double kEphemeralHighShare = 0.7;
inline constexpr double kEphemeralCriticalShare = 0.95;

// orphan-sockets: orphans above this share of tcp_max_orphans.
inline constexpr double kOrphanHighShare = 0.5;

}  // namespace sockscope::diagnose
