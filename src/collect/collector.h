// Collect: the one pipeline every command uses. Options in, a Snapshot out,
// under one deadline per kernel query. Sources are injected (Environment) so
// tests run the whole pipeline on fakes and --proc-root on recorded trees.
//
// Never fails as a whole: a source that fails or times out becomes a note of
// level kError in the snapshot (the caller decides the exit code), a fallback
// taken is a note of level kWarning.
#pragma once

#include <chrono>
#include <cstdint>

#include "model/snapshot.h"
#include "netlink/dump.h"
#include "procfs/proc_fs.h"
#include "sys/netlink_socket.h"

namespace sockscope::collect {

enum class SourceChoice { kAuto, kNetlink, kProc };

struct CollectOptions {
  SourceChoice source = SourceChoice::kAuto;
  std::chrono::nanoseconds timeout = std::chrono::seconds(2);  // per kernel query

  bool tcp = true, udp = false, unix_sockets = false;
  bool inet4 = true, inet6 = true;
  model::StateMask tcp_states = model::kAllStates;
  model::StateMask udp_states = model::kAllStates;
  model::StateMask unix_states = model::kAllStates;

  bool tcp_info = false;       // -i
  bool memory = false;         // -m (and listener drops)
  bool congestion = false;     // with -i
  bool owners = false;         // -p: walk /proc/PID/fd
  bool counters = false;       // TcpExt/Tcp counters, sockstat, sysctls
  bool listeners = false;      // derive model::Listener values
  unsigned owner_workers = 0;  // 0: pick from the hardware
  netlink::DumpLimits limits;
};

struct Environment {
  sys::NetlinkOpener* netlink = nullptr;  // null: netlink unavailable (e.g. --proc-root)
  procfs::ProcFs* proc = nullptr;         // required
};

model::Snapshot Collect(const Environment& env, const CollectOptions& options);

// Walks /proc/PID/fd for the owners of the snapshot's sockets and stores them
// in snap.owners; a hidden process or a failed walk becomes a note.
void AttachOwners(const Environment& env, const CollectOptions& options, model::Snapshot& snap);

// True when no socket source worked at all (nothing to show): exit code 3.
bool SocketSourceFailed(const model::Snapshot& snapshot);

}  // namespace sockscope::collect
