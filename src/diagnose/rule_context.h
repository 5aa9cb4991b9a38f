// What every rule sees, and the helpers rules share (counter deltas, names of
// endpoints and processes, a finding pre-filled for a listener). Internal to
// diagnose/ and its tests. Pure and thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnose/finding.h"
#include "diagnose/socket_history.h"
#include "model/snapshot.h"

namespace sockscope::diagnose {

struct RuleContext {
  const model::Snapshot* previous = nullptr;  // may be null
  const model::Snapshot& current;
  std::chrono::nanoseconds interval{0};  // > 0 when previous is set and time passed
  // The previous sample's sockets by identity (empty with one sample).
  const SocketHistory& history;

  double Seconds() const { return std::chrono::duration<double>(interval).count(); }

  // The previous sample of namespace `ns` with readable counters, or nullptr.
  const model::NetnsData* Previous(const model::NetnsData& ns) const;
  // Growth of counter `key` in `ns` between the samples of the SAME namespace;
  // nullopt without a previous sample, when a sample lacks the key or when the
  // counter went backwards (reboot, namespace recreated).
  std::optional<uint64_t> Delta(const model::NetnsData& ns, std::string_view key) const;
  // delta / Seconds(), 0 when no time passed.
  double Rate(uint64_t delta) const;
  // TcpExt.ListenOverflows or ListenDrops grew in `ns` between the samples.
  bool OverflowsGrowing(const model::NetnsData& ns) const;
  // TcpExt.ListenOverflows itself grew: an accept queue was full when a
  // handshake completed (ListenDrops also counts SYNs dropped for other reasons).
  bool AcceptQueueOverflowed(const model::NetnsData& ns) const;
};

// "0.0.0.0:80", "[::]:443", "[::ffff:10.0.0.1]:80".
std::string EndpointText(const model::Endpoint& e);

// "nginx (pid 12)", "nginx (pids 12, 13)", "nginx (pid 12), java (pid 40)";
// at most three names, then "and N more". Empty list: "".
// comm is untrusted: renderers escape the whole summary.
std::string ProcessText(const std::vector<model::Owner>& owners);

// Who holds a listener, honestly: its processes, or why we cannot say.
std::string ListenerOwnerText(const model::Listener& l, const model::Snapshot& snapshot);

// One process per pid (the first fd seen), in pid order.
std::vector<model::Owner> DistinctProcesses(const std::vector<model::Owner>& owners);

// A finding about `l`: id, severity, netns, listener, processes set.
Finding ListenerFinding(std::string id, Severity severity, const model::Listener& l);

// Appends the usual listener evidence: local, accept_queue_len, and
// accept_queue_max (or accept_queue_max_known=false), syn_recv, unaccepted.
void AddQueueEvidence(Finding& f, const model::Listener& l);

}  // namespace sockscope::diagnose
