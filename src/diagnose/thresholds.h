// The thresholds of every diagnosis rule, in one place so docs/findings.md,
// the rules and their boundary tests name the same constants. Changing one is
// a user-visible change: update docs/findings.md with it.
#pragma once

#include <cstdint>

namespace sockscope::diagnose {

// unaccepted-connections: children (inode 0) that wait in the accept queue of
// one listener (or reuseport group) in BOTH samples, the same sockets by
// cookie. A busy server accepting thousands per second has a few queued at any
// instant, but never the same ones a second later; a handful that waited the
// whole interval means accept() is not being called.
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

// close-wait-buildup: CLOSE-WAIT sockets of one program (or port) that were
// already in CLOSE-WAIT in the previous sample. A fast client's transient
// CLOSE-WAITs are gone within milliseconds; a leak keeps them.
inline constexpr uint32_t kCloseWaitMin = 16;

// recv-queue-buildup: sockets whose application read nothing between the
// samples (tcp_info bytes_received growth minus Recv-Q growth is zero) while
// data waited in both: one such socket with at least kRecvQueueLargeBytes
// unread, or at least kRecvQueueManyMin of one program. A server under load
// holds unread bytes at any instant but reads them within microseconds.
inline constexpr uint32_t kRecvQueueLargeBytes = 64 * 1024;
inline constexpr uint32_t kRecvQueueManyMin = 8;

// send-queue-buildup: sockets with at least this many unacknowledged bytes.
// Info for one or a few (bulk transfers over long paths queue that much);
// warning from kSendQueueManyMin sockets of one process/port, or when
// tcp_info shows the sender backing off (zero window or RTO backoff).
// Only sockets whose peer acknowledged nothing between the samples count: a
// bulk transfer keeps a large Send-Q but it is being acknowledged.
inline constexpr uint32_t kSendQueueLargeBytes = 1024 * 1024;
inline constexpr uint32_t kSendQueueManyMin = 8;

// connect-not-completing: SYN-SENT sockets of one program to one destination
// that were in SYN-SENT in both samples, at least one with its SYN
// retransmitted. A healthy connect completes in one round trip; a SYN still
// unanswered after the first retransmission (1s) is lost or dropped.
inline constexpr uint32_t kSynSentMin = 4;

// connections-piling-up: idle ESTABLISHED client connections of one program
// to one destination: at least kPileUpMin, idle (nothing sent or received)
// for kPileUpIdleMs, and more of them than in the previous sample while those
// were kept. A pool is idle too, but it does not grow without bound.
inline constexpr uint32_t kPileUpMin = 32;
inline constexpr uint32_t kPileUpIdleMs = 1000;

// udp-receive-drops: a UDP socket whose drop counter (sk_drops) grew between
// the samples; critical when its receive queue is also at least
// kUdpRecvQueueFullShare of its buffer in both samples (the reader stopped).
inline constexpr double kUdpRecvQueueFullShare = 0.9;

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
