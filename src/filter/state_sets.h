// TCP state masks as ss(8) names them: the sets a state clause may use
// (`state connected`, `exclude bucket`) and the default masks of `ss`, so that
// `sockscope ls` picks the same sockets as `ss` with the same flags.
//
// Pure constants and functions over model::StateMask; thread-safe.
//
// model::State::kNewSynRecv (12) is the kernel's request socket, which ss and
// sockscope report as SYN-RECV. Every mask here that holds SYN-RECV also holds
// kNewSynRecv, and NormalizeStateMask() restores that pairing for masks built
// elsewhere.
#pragma once

#include <optional>
#include <string_view>

#include "model/socket.h"

namespace sockscope::filter {

using model::State;
using model::StateBit;
using model::StateMask;

constexpr StateMask kSynRecvBits = StateBit(State::kSynRecv) | StateBit(State::kNewSynRecv);

// ss: "all" is every state.
constexpr StateMask kAllStateSet = model::kAllStates;
// ss: "connected" is all states but LISTEN and CLOSE.
constexpr StateMask kConnectedSet =
    kAllStateSet & ~(StateBit(State::kListen) | StateBit(State::kClose));
// ss: "synchronized" is connected minus SYN-SENT.
constexpr StateMask kSynchronizedSet = kConnectedSet & ~StateBit(State::kSynSent);
// ss: "bucket" is the states kept as minisockets: SYN-RECV and TIME-WAIT.
constexpr StateMask kBucketSet = kSynRecvBits | StateBit(State::kTimeWait);
// ss: "big" is all states but the bucket ones.
constexpr StateMask kBigSet = kAllStateSet & ~kBucketSet;

// ss without -a or -l (SS_CONN in misc/ss.c): "connected" minus TIME-WAIT and
// SYN-RECV, i.e. every state except LISTEN, CLOSE, TIME-WAIT and SYN-RECV.
constexpr StateMask kSsDefaultStates =
    kAllStateSet & ~(StateBit(State::kListen) | StateBit(State::kClose) |
                     StateBit(State::kTimeWait) | kSynRecvBits);
// ss -l: LISTEN and CLOSE. TCP sockets are never dumped in CLOSE, so for TCP
// this is LISTEN alone; UDP and UNIX sockets that are bound but not connected
// are in CLOSE, which ss prints as UNCONN.
constexpr StateMask kSsListeningStates = StateBit(State::kListen) | StateBit(State::kClose);
// ss -a: every state.
constexpr StateMask kSsAllStates = kAllStateSet;

// Adds kNewSynRecv when SYN-RECV is present and SYN-RECV when kNewSynRecv is,
// so a mask handed to the kernel or tested against a socket treats both alike.
constexpr StateMask NormalizeStateMask(StateMask mask) {
  return (mask & kSynRecvBits) != 0 ? (mask | kSynRecvBits) : mask;
}

// True when `state` is in `mask`, kNewSynRecv counting as SYN-RECV.
constexpr bool StateInMask(State state, StateMask mask) {
  return (NormalizeStateMask(mask) & StateBit(state)) != 0;
}

// Parses a state-clause operand as ss does (case-insensitive, '-' or '_'):
// a state name (established, syn-sent, syn-recv/syn-rcv, fin-wait-1,
// fin-wait-2, time-wait, close/closed/unconnected, close-wait, last-ack,
// listen/listening, closing) or a set (all, connected, synchronized, bucket,
// big). Returns nullopt for anything else. The result is normalized.
std::optional<StateMask> ParseStateSet(std::string_view name);

}  // namespace sockscope::filter
