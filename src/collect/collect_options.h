// What one collection is asked for (CollectOptions), what it runs against
// (Environment), and the hooks that differ between callers (CollectPolicy).
// One value, SocketSelection, says which sockets are wanted; every source
// (sock_diag, /proc/net, /proc/PID/net) is driven by it and its result is
// filtered by it in one place, so no path can show rows another would not.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "base/deadline.h"
#include "model/snapshot.h"
#include "model/socket_region.h"
#include "netlink/dump.h"
#include "procfs/proc_fs.h"
#include "sys/netlink_socket.h"
#include "sys/netns.h"
#include "sys/socket_fds.h"

namespace sockscope::collect {

struct NetnsTarget;
class OwnerCache;
class SocketSink;
class TargetResolver;

enum class SourceChoice { kAuto, kNetlink, kProc };

// Which sockets: protocols, families and the states of each protocol. The
// kernel filters by state for sock_diag; /proc rows are filtered by Admits.
struct SocketSelection {
  bool tcp = true, udp = false, unix_sockets = false, raw = false, mptcp = false;
  // Netlink and packet sockets: in CLOSE, shown by -a and -l as ss (their
  // states are udp_states).
  bool netlink = false, packet = false;
  bool inet4 = true, inet6 = true;
  model::StateMask tcp_states = model::kAllStates;
  model::StateMask udp_states = model::kAllStates;  // also raw sockets'
  model::StateMask unix_states = model::kAllStates;
  model::StateMask mptcp_states = model::kAllStates;
  // Only the TCP sockets of this region (check's second look); null: all.
  // Shared, not copied: options are copied per sample and per namespace.
  std::shared_ptr<const model::SocketRegion> tcp_region;
  // An inet_diag program (filter/kernel_program.h) every TCP and UDP dump
  // runs in the kernel, unless tcp_region gives TCP its own: a pre-filter
  // (the caller still filters what comes back); null: none.
  std::shared_ptr<const std::vector<uint8_t>> inet_program;

  model::StateMask StatesOf(model::Proto proto) const {
    switch (proto) {
      case model::Proto::kTcp:
        return tcp_states;
      case model::Proto::kUdp:
      case model::Proto::kRaw:
      case model::Proto::kNetlink:
      case model::Proto::kPacket:
        return udp_states;
      case model::Proto::kUnix:
        return unix_states;
      case model::Proto::kMptcp:
        return mptcp_states;
    }
    return tcp_states;
  }
  // Whether a socket of this protocol, family and state is wanted.
  bool Admits(const model::Socket& s) const;
};

// Whose owners the walk looks for: every socket's, or only listeners' (the
// exporter labels listeners only, and listeners live for days: cacheable).
enum class OwnerScope { kAllSockets, kListeners };

// Where owners come from (--owners): the kernel's own list of socket fds (a
// BPF iterator, sys/socket_fds.h) where it can be loaded, else the /proc
// walk (kAuto); only one of them (kBpf fails where BPF cannot be used).
enum class OwnerMethod { kAuto, kBpf, kProc };

struct CollectOptions {
  SourceChoice source = SourceChoice::kAuto;
  // One budget for all kernel-facing work of this collection: every dump,
  // entering namespaces, /proc reads and the owner walk. No query starts once
  // it has passed. `deadline`, when set, is used instead (a run spending one
  // budget over several collections: cli/sampling.cpp).
  std::chrono::nanoseconds timeout = std::chrono::seconds(2);
  std::optional<base::Deadline> deadline;

  SocketSelection selection;
  bool tcp_info = false;  // -i
  bool memory = false;    // -m (and listener drops)
  // With memory: also keep it for TCP sockets other than listeners (ls -m).
  // The diagnosis and the metrics read it for listeners and UDP sockets
  // only (drops, receive buffers): at 100k connections a boxed copy each is
  // 7 MB per snapshot that nothing reads.
  bool tcp_connection_memory = true;
  bool congestion = false;  // with -i
  bool tos = false;         // ls --tos: TOS, traffic class and class id
  bool owners = false;      // -p: who holds each socket
  OwnerMethod owner_method = OwnerMethod::kAuto;
  // The state and epoll watches of processes holding a listener, which the
  // diagnosis reads. Free in the /proc walk; with owners from the kernel's
  // list they cost a stat and an fdinfo read per such process, so listings
  // that show no finding (ls, listeners) leave them out.
  bool owner_details = true;
  // ss without -n: a netlink socket's port id named by the process of that
  // pid (/proc/PID/comm).
  bool netlink_port_names = false;
  // ss -e for UNIX sockets: the inode and device of each bound path.
  bool unix_files = false;
  OwnerScope owner_scope = OwnerScope::kAllSockets;
  // The socket tables in the order ss prints them (netlink, packet, UNIX,
  // raw, UDP, TCP, MPTCP) rather than TCP first (what diagnosis needs
  // soonest): a streamed listing prints them as they come.
  bool ss_table_order = false;
  bool counters = false;  // TcpExt/Tcp counters, sockstat, sysctls, per namespace
  // Every counter the kernel lists, or only those sockscope names
  // (model/counter_keys.h: what rules judge), for commands that never print
  // the rest: 30 kept of about 300 per namespace and sample.
  bool every_counter = true;
  bool listeners = false;  // derive model::Listener values
  // TCP's two tables from one sock_diag dump (netlink::InetDiagQuery::
  // both_families): the kernel walks its socket hash, which both families
  // share, once rather than twice (about 10 ms at 100k sockets); with
  // memory info for listeners only, the connections are dumped without it
  // and the listeners in a dump of their own (which walks only the
  // listening hash). The sockets then come in hash order, IPv4 and IPv6
  // mixed, so listings that print in dump order as ss does leave it off. If
  // a dump fails, the tables are dumped one by one as usual (a recording
  // made without it replays that way).
  bool tcp_one_walk = false;
  netlink::DumpLimits limits;

  base::Deadline EffectiveDeadline() const {
    return deadline ? *deadline : base::Deadline::After(timeout);
  }
};

struct Environment {
  sys::NetlinkOpener* netlink = nullptr;  // null: netlink unavailable (e.g. --proc-root)
  procfs::ProcFs* proc = nullptr;         // required
  sys::Netns* netns = nullptr;            // required when targets is set
  // The namespaces to visit (-N); null: only the one sockscope runs in.
  const std::vector<NetnsTarget>* targets = nullptr;
  // When set, the namespaces are resolved again at the start of every
  // Collect (serve, top: namespaces come and go while they run); targets is
  // then used only if resolving fails.
  const TargetResolver* follow = nullptr;
  // The kernel's list of socket fds (BPF); null: owners only from the /proc
  // walk (recordings, replays, --proc-root).
  sys::SocketFdSource* socket_fds = nullptr;
};

// The steps of a collection, for progress and timing (the exporter's
// self-metrics and its "which collector is late").
enum class Step : int { kSockets = 0, kOwners = 1, kCounters = 2 };
inline constexpr int kStepCount = 3;

// What differs between callers, as parameters rather than copies of the
// pipeline. Every member is optional.
struct CollectPolicy {
  // Reuses owner walks across collections (the exporter); null: walk each time.
  OwnerCache* owner_cache = nullptr;
  // Set to the running Step while it runs, -1 after; read by other threads.
  std::atomic<int>* current_step = nullptr;
  // Time spent in each step (summed over namespaces visited in parallel).
  std::array<std::chrono::nanoseconds, kStepCount>* step_time = nullptr;
  // Receives the sockets instead of Snapshot::sockets (left empty). In the
  // namespace sockscope runs in they stream from the dumps, with owners read
  // before them (every socket's; no owner details, no owner cache); with
  // targets (-N) they are handed over after the merge.
  SocketSink* sink = nullptr;
  // A vector whose capacity the collection fills instead of a new one (the
  // exporter hands back the last snapshot's): at 100k sockets the pages of
  // a fresh 18 MB vector, zeroed by the kernel on first touch, were 8 % of a
  // scrape. Used in the namespace sockscope runs in, when not streaming;
  // left empty either way.
  std::vector<model::Socket>* socket_storage = nullptr;
};

}  // namespace sockscope::collect
