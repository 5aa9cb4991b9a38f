// Snapshot: everything one collection saw, at one time, with what went wrong.
// Produced by collect/, read by filter/, diagnose/ and render/.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/counters.h"
#include "model/listener.h"
#include "model/owner.h"
#include "model/socket.h"

namespace sockscope::model {

enum class NoteLevel : uint8_t { kInfo, kWarning, kError };

// A one-line remark about the collection: a fallback taken, owners hidden, a
// source that failed or timed out. Errors mean the data is incomplete.
struct Note {
  NoteLevel level = NoteLevel::kInfo;
  std::string source;   // "netlink", "proc", "owners", "counters", ...
  std::string message;  // plain words, already free of untrusted bytes or escaped at render
};

// Completeness: what one source of a collection gave. A source is one
// socket table (protocol x family) of one namespace, the owner walk, or one
// namespace's counters. kFellBack means the data is there but came from the
// slower or poorer path (and `reason` says why); kFailed means it is missing,
// which makes the whole result incomplete (exit 3, "complete": false, a
// failed collector in serve). Never shown as zeros.
enum class SourceStatus : uint8_t { kOk, kFellBack, kFailed };

// The names of sources, defined once (JSON "sources"[].source, notes, docs).
namespace source_name {
inline constexpr std::string_view kOwners = "owners";
inline constexpr std::string_view kCounters = "counters";
inline constexpr std::string_view kNetns = "netns";
}  // namespace source_name

struct SourceState {
  std::string source;  // "tcp/inet", "udp/inet6", "unix", "owners", "counters", "netns"
  uint64_t netns = 0;  // 0: not tied to one namespace (the owner walk)
  SourceStatus status = SourceStatus::kOk;
  std::string via;     // "netlink", "proc", "bpf"...: where the data came from
  std::string reason;  // why it fell back or failed; plain words, untrusted parts escaped at render
};

std::string_view SourceStatusName(SourceStatus status);  // "ok", "fell_back", "failed"

struct NetnsData {
  uint64_t inode = 0;
  std::string name;  // under /run/netns, if any
  // Identity of the processes inside (collect/container_identity.h); empty
  // when none is known. Ids are hex or UUIDs, unit is untrusted text.
  std::string container;
  std::string pod;
  std::string unit;
  std::string pod_name;       // from the kubelet's pod directories; untrusted text
  std::string pod_namespace;  // the pod's Kubernetes namespace
  Counters counters;
  SockStat sockstat;
  Limits limits;
  bool counters_ok = false;
};

// (netns, interface index) -> device name, for sockets bound to a device
// (ss's "%dev"). Untrusted text.
using InterfaceNames = std::map<std::pair<uint64_t, uint32_t>, std::string>;

struct Snapshot {
  std::chrono::system_clock::time_point taken_at{};
  std::chrono::steady_clock::time_point monotonic_at{};
  std::string source;  // "netlink" or "proc": where the socket list came from
  std::vector<Socket> sockets;
  // The TCP states the socket source was asked for: rules and derivations
  // must not read "no ESTABLISHED socket" as "none exist" when none were asked.
  StateMask tcp_states = kAllStates;
  bool owners_collected = false;
  OwnerIndex owners;
  std::vector<Listener> listeners;  // filled by collect::DeriveListeners when asked
  std::vector<NetnsData> namespaces;
  // Read only when some socket is bound to a device (or the listing streams).
  InterfaceNames interface_names;
  std::vector<Note> notes;
  // One entry per source asked for; see SourceState.
  std::vector<SourceState> sources;

  // False when any source asked for is missing: the result is incomplete.
  bool Complete() const {
    for (const auto& s : sources)
      if (s.status == SourceStatus::kFailed) return false;
    return true;
  }

  // The data of namespace `inode`, or nullptr when this snapshot has none.
  const NetnsData* FindNetns(uint64_t inode) const {
    for (const auto& ns : namespaces)
      if (ns.inode == inode) return &ns;
    return nullptr;
  }

  bool HasErrors() const {
    for (const auto& n : notes)
      if (n.level == NoteLevel::kError) return true;
    return false;
  }
};

}  // namespace sockscope::model
