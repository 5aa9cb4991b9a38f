// Groups of sockets for the per-program rules (close-wait, recv-queue and
// send-queue buildup, connects not completing, connections piling up, UDP
// drops), the way servers are built: a prefork server or a pool of workers is
// one program (same comm and uid) spread over many processes, so its sockets
// are judged together. Without a visible owner: by local port when that port
// is listening (server side), else by peer endpoint (client side).
// Client-side rules also split a program's sockets by destination
// (GroupBy::kProgramAndPeer). Pure and thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "diagnose/finding.h"
#include "model/snapshot.h"

namespace sockscope::diagnose {

struct SocketGroup {
  enum class By : uint8_t { kProgram, kLocalPort, kPeer };
  By by = By::kProgram;
  uint64_t netns = 0;
  std::string comm;                           // kProgram: the program's name (untrusted)
  uint32_t uid = 0;                           // kProgram: the sockets' owner uid
  std::vector<model::Owner> processes;        // kProgram: one per pid, in pid order
  uint16_t local_port = 0;                    // kLocalPort
  bool has_peer = false;                      // split by destination as well
  model::Endpoint peer;                       // kPeer, or has_peer
  std::vector<const model::Socket*> sockets;  // point into the snapshot

  // "nginx (pid 12)", "python3 (40 processes: pids 10, 11, ... 49)",
  // "local port 8080", "connections to 10.0.0.5:5432".
  std::string Describe() const;
  // The processes to list in a finding: at most kMaxProcessesListed.
  std::vector<model::Owner> ListedProcesses() const;
};

// A finding lists at most this many processes (a prefork server may have
// hundreds); evidence says how many there are.
inline constexpr size_t kMaxProcessesListed = 16;

// Sets f.netns and f.processes (bounded) from `g` and appends evidence
// "group", plus "processes_total" for a program of several processes and
// "destination" when the group is split by peer.
void AddGroupEvidence(Finding& f, const SocketGroup& g);

enum class GroupBy : uint8_t { kProgram, kProgramAndPeer };

// Sockets of `snapshot` (any protocol but UNIX) for which `keep` is true,
// grouped as above; a socket held by several processes of one program counts
// once. Groups come in a stable order (netns, then key).
std::vector<SocketGroup> GroupSockets(const model::Snapshot& snapshot,
                                      const std::function<bool(const model::Socket&)>& keep,
                                      GroupBy by = GroupBy::kProgram);

// The group of one socket of `snapshot` (none for a UNIX socket), without
// visiting the others: a rule judging sockets one by one (UDP drops) would
// otherwise walk the whole snapshot once per socket it names.
std::vector<SocketGroup> GroupOfSocket(const model::Snapshot& snapshot, const model::Socket& s);

// True when (netns, local port) of `s` is a TCP listening port of `snapshot`:
// `s` is the server end of a connection.
class ListeningPorts {
 public:
  explicit ListeningPorts(const model::Snapshot& snapshot);
  bool IsServerSide(const model::Socket& s) const;

 private:
  std::vector<std::pair<uint64_t, uint16_t>> ports_;  // sorted
};

}  // namespace sockscope::diagnose
