#include "collect/collector.h"

#include <algorithm>
#include <thread>
#include <unordered_set>

#include <fmt/format.h>

#include "base/flat_u64_set.h"
#include "collect/listeners.h"
#include "collect/netlink_source.h"
#include "collect/owners.h"
#include "collect/proc_source.h"
#include "procfs/netns_data.h"
#include "procfs/sockstat_parser.h"

namespace sockscope::collect {
namespace {

using model::NoteLevel;

// Drops repeated sockets: /proc under churn, and in rare cases netlink, can
// list one socket twice. Key: (netns, proto, cookie) when the source gives a
// cookie, else (netns, proto, inode) for sockets that have one; inode-0 rows
// without a cookie (TIME-WAIT over /proc) were already deduplicated by tuple.
size_t Deduplicate(std::vector<model::Socket>& sockets) {
  base::FlatU64Set seen(sockets.size());
  size_t kept = 0;
  for (size_t i = 0; i < sockets.size(); ++i) {
    const auto& s = sockets[i];
    uint64_t id = s.cookie ? s.cookie : s.inode;
    bool keep = true;
    if (id != 0) {
      uint64_t key = id * 0x9e3779b97f4a7c15ULL ^ (s.netns << 2) ^ static_cast<uint64_t>(s.proto);
      keep = seen.Insert(key);
    }
    if (keep) {
      if (kept != i) sockets[kept] = std::move(sockets[i]);
      ++kept;
    }
  }
  size_t dropped = sockets.size() - kept;
  sockets.resize(kept);
  return dropped;
}

// TCP sockets a full dump will return, from /proc/net/sockstat (allocated
// plus TIME-WAIT, both families), when the dump asks for established ones;
// 0 when unknown. A hint for reserve(): wrong only costs a regrowth.
size_t ExpectedTcpSockets(procfs::ProcFs& proc, const CollectOptions& o) {
  if (!o.tcp || (o.tcp_states & model::StateBit(model::State::kEstablished)) == 0) return 0;
  auto text = proc.ReadNetFile("sockstat");
  if (!text) return 0;
  auto parsed = procfs::ParseSockStat(*text);
  uint64_t n = parsed.sockstat.tcp_alloc.value_or(0) + parsed.sockstat.tcp_tw.value_or(0);
  constexpr uint64_t kMaxHint = uint64_t{1} << 22;  // a hint, never a huge allocation
  return static_cast<size_t>(std::min(n, kMaxHint));
}

bool CollectViaNetlink(const Environment& env, const CollectOptions& o, uint64_t netns,
                       model::Snapshot& snap) {
  NetlinkSourceOptions n;
  n.tcp = o.tcp;
  n.udp = o.udp;
  n.unix_sockets = o.unix_sockets;
  n.inet4 = o.inet4;
  n.inet6 = o.inet6;
  n.tcp_states = o.tcp_states;
  n.udp_states = o.udp_states;
  n.unix_states = o.unix_states;
  n.tcp_info = o.tcp_info;
  n.memory = o.memory || o.listeners;
  n.congestion = o.congestion;
  n.limits = o.limits;
  n.expected_sockets = ExpectedTcpSockets(*env.proc, o);
  auto result = CollectFromNetlink(*env.netlink, n, base::Deadline::After(o.timeout), netns);
  for (auto& note : result.notes) snap.notes.push_back(std::move(note));
  snap.sockets = std::move(result.sockets);
  return result.dumps_ok > 0 || (result.dumps_failed == 0 && result.dumps_unsupported == 0);
}

bool CollectViaProc(const Environment& env, const CollectOptions& o, model::Snapshot& snap) {
  ProcSourceOptions p;
  p.tcp = o.tcp;
  p.udp = o.udp;
  p.unix_sockets = o.unix_sockets;
  p.inet4 = o.inet4;
  p.inet6 = o.inet6;
  auto result = CollectFromProc(*env.proc, p);
  if (!result) {
    snap.notes.push_back({NoteLevel::kError, "proc", result.error().message});
    return false;
  }
  for (auto& note : result->notes) snap.notes.push_back(std::move(note));
  // /proc cannot filter by state: keep what the kernel would have sent.
  auto& socks = result->sockets;
  socks.erase(std::remove_if(socks.begin(), socks.end(),
                             [&](const model::Socket& s) {
                               model::StateMask mask = s.proto == model::Proto::kTcp ? o.tcp_states
                                                       : s.proto == model::Proto::kUdp
                                                           ? o.udp_states
                                                           : o.unix_states;
                               return (mask & model::StateBit(s.state)) == 0;
                             }),
              socks.end());
  snap.sockets = std::move(socks);
  return true;
}

}  // namespace

model::Snapshot Collect(const Environment& env, const CollectOptions& o) {
  model::Snapshot snap;
  snap.tcp_states = o.tcp ? o.tcp_states : 0;
  snap.taken_at = std::chrono::system_clock::now();
  snap.monotonic_at = std::chrono::steady_clock::now();

  uint64_t netns = 0;
  if (auto ino = procfs::ReadNetnsInode(*env.proc); ino)
    netns = *ino;
  else
    snap.notes.push_back({NoteLevel::kInfo, "netns", ino.error().message});

  bool got = false;
  if (o.source != SourceChoice::kProc) {
    if (env.netlink) {
      got = CollectViaNetlink(env, o, netns, snap);
      if (got) snap.source = "netlink";
    } else {
      snap.notes.push_back({NoteLevel::kError, "netlink", "netlink is not available here"});
    }
  }
  if (!got && o.source != SourceChoice::kNetlink) {
    if (o.source == SourceChoice::kAuto)
      snap.notes.push_back({NoteLevel::kWarning, "source",
                            "sock_diag netlink failed: fell back to /proc/net (accept-queue "
                            "maximum, cookies, tcp_info and memory are unknown there)"});
    got = CollectViaProc(env, o, snap);
    if (got) snap.source = "proc";
    // The netlink failure that led here is no longer an error of the run.
    if (got)
      for (auto& n : snap.notes)
        if (n.source == "netlink" && n.level == NoteLevel::kError) n.level = NoteLevel::kWarning;
  }
  if (size_t dropped = Deduplicate(snap.sockets); dropped > 0)
    snap.notes.push_back({NoteLevel::kInfo, snap.source,
                          fmt::format("{} duplicate socket entries dropped", dropped)});

  if (o.owners) AttachOwners(env, o, snap);

  if (o.counters) {
    auto read = procfs::ReadNetnsData(*env.proc);
    read.data.inode = netns;
    for (auto& n : read.notes) snap.notes.push_back(std::move(n));
    snap.namespaces.push_back(std::move(read.data));
  }
  if (o.listeners) snap.listeners = DeriveListeners(snap);
  return snap;
}

void AttachOwners(const Environment& env, const CollectOptions& o, model::Snapshot& snap) {
  OwnerWalkOptions w;
  w.workers = o.owner_workers ? o.owner_workers
                              : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  w.expected_sockets = snap.sockets.size();
  std::unordered_set<uint64_t> wanted;
  wanted.reserve(snap.sockets.size());
  for (const auto& s : snap.sockets)
    if (s.inode) wanted.insert(s.inode);
  w.wanted_inodes = &wanted;
  auto index = BuildOwnerIndex(*env.proc, w);
  if (!index) {
    snap.notes.push_back({NoteLevel::kError, "owners", index.error().message});
    return;
  }
  snap.owners = std::move(*index);
  snap.owners_collected = true;
  if (snap.owners.processes_hidden > 0)
    snap.notes.push_back(
        {NoteLevel::kWarning, "owners",
         fmt::format("fd tables of {} process(es) could not be read (need CAP_SYS_PTRACE and "
                     "CAP_DAC_READ_SEARCH, or run as root): their sockets show no process",
                     snap.owners.processes_hidden)});
}

bool SocketSourceFailed(const model::Snapshot& snapshot) { return snapshot.source.empty(); }

}  // namespace sockscope::collect
