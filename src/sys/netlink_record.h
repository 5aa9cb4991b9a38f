// Recording and replaying netlink conversations (--record / --replay,
// docs/record-replay.md).
//
// The recording opener passes every call through to the real opener and
// writes, per opened socket, the open (protocol, receive buffer, port id or
// error), each request sent and each datagram or error received, in order.
//
// The replaying opener never touches the kernel. A request is matched to a
// recorded conversation of the same protocol whose request has the same bytes
// apart from the sequence number and port id (both chosen afresh by every
// run); recorded conversations with the same request are served in recorded
// order, the last one again once all were served (a command that samples
// twice gets both samples). Replies are rewritten to carry the new sequence
// number and port id. A request that was never recorded fails Send with kind
// kUnsupported, "not in the recording".
#pragma once

#include <memory>
#include <string_view>

#include "base/result.h"
#include "sys/netlink_socket.h"
#include "sys/record_file.h"

namespace sockscope::sys {

// inner and out must outlive the returned opener. Thread-safe if inner is.
std::unique_ptr<NetlinkOpener> MakeRecordingNetlinkOpener(NetlinkOpener& inner, RecordWriter& out);

// Parses a netlink record file (see record_file.h). kMalformed for a corrupt
// or truncated file. The returned opener is thread-safe.
base::Result<std::unique_ptr<NetlinkOpener>> MakeReplayNetlinkOpener(std::string_view file);

// The port id every replayed socket reports.
constexpr uint32_t kReplayPortId = 0x5eca1;

}  // namespace sockscope::sys
