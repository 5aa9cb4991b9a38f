// Snapshot: everything one collection saw, at one time, with what went wrong.
// Produced by collect/, read by filter/, diagnose/ and render/.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
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

struct NetnsData {
  uint64_t inode = 0;
  std::string name;  // under /run/netns, if any
  // Identity of the processes inside (collect/container_identity.h); empty
  // when none is known. Ids are hex or UUIDs, unit is untrusted text.
  std::string container;
  std::string pod;
  std::string unit;
  Counters counters;
  SockStat sockstat;
  Limits limits;
  bool counters_ok = false;
};

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
  std::vector<Note> notes;

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
