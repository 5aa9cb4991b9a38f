#include "collect/collector.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "base/flat_u64_set.h"
#include "collect/listeners.h"
#include "collect/namespace_part.h"
#include "collect/owner_step.h"
#include "collect/socket_sink.h"
#include "collect/target_resolver.h"

namespace sockscope::collect {
namespace {

using Clock = std::chrono::steady_clock;

// Namespaces entered at once: each costs a thread and a netlink socket, and
// the dumps are bound by the kernel, so more would only add contention.
constexpr size_t kNamespaceWorkers = 4;

// Who a socket is, for dropping repeats: /proc under churn, and in rare
// cases netlink, can list one socket twice, and a streamed dump retried
// after failing part-way lists its first sockets again. (netns, proto,
// inode) for sockets that have an inode (the same from sock_diag and
// /proc, so a table read from both is kept once), else (netns, proto,
// cookie); 0 for rows with neither (TIME-WAIT over /proc, already
// deduplicated by tuple): those are always kept.
uint64_t RepeatKey(const model::Socket& s) {
  const uint64_t id = s.inode ? s.inode : s.cookie;
  if (id == 0) return 0;
  return (id * 0x9e3779b97f4a7c15ULL) ^ (s.netns * 0xc2b2ae3d27d4eb4fULL) ^
         (static_cast<uint64_t>(s.proto) << 1 | (s.inode ? 0 : 1));
}

// Drops repeats and keeps what the selection asks for (sock_diag filtered
// in the kernel already, /proc cannot filter at all: one rule for both), in
// one pass over the sockets (at 100k each pass is 18 MB of memory to read).
// A repeat is the same socket, so whether it is admitted does not depend on
// which copy is kept. Returns the repeats dropped.
size_t DeduplicateAndSelect(const SocketSelection& sel, std::vector<model::Socket>& sockets) {
  base::FlatU64Set seen(sockets.size());
  size_t kept = 0, repeats = 0;
  for (size_t i = 0; i < sockets.size(); ++i) {
    const uint64_t key = RepeatKey(sockets[i]);
    if (key != 0 && !seen.Insert(key)) {
      ++repeats;
      continue;
    }
    if (!sel.Admits(sockets[i])) continue;
    if (kept != i) sockets[kept] = std::move(sockets[i]);
    ++kept;
  }
  sockets.resize(kept);
  return repeats;
}

class StepClock {
 public:
  explicit StepClock(const CollectPolicy& p) : policy_(p) {}
  void Begin(Step s) {
    if (policy_.current_step) policy_.current_step->store(static_cast<int>(s));
    started_ = Clock::now();
  }
  void End(Step s, std::chrono::nanoseconds minus = {}) {
    if (policy_.step_time)
      (*policy_.step_time)[static_cast<int>(s)] += Clock::now() - started_ - minus;
    if (policy_.current_step) policy_.current_step->store(-1);
  }
  void Add(Step s, std::chrono::nanoseconds d) {
    if (policy_.step_time) (*policy_.step_time)[static_cast<int>(s)] += d;
  }

 private:
  const CollectPolicy& policy_;
  Clock::time_point started_{};
};

std::vector<NamespacePart> CollectTargets(const Environment& env,
                                          const std::vector<NetnsTarget>& targets,
                                          const CollectOptions& o, const base::Deadline& deadline) {
  std::vector<NamespacePart> parts(targets.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < targets.size();)
      parts[i] = CollectTargetNamespace(env, o, deadline, targets[i]);
  };
  std::vector<std::thread> pool;
  const size_t wanted = std::min(targets.size(), kNamespaceWorkers);
  for (size_t i = 1; i < wanted; ++i) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // no more threads (pids cgroup, TasksMax): fewer workers share the list
    }
  }
  worker();
  for (auto& th : pool) th.join();
  return parts;
}

// Moves a target's part into the merged snapshot, naming its namespace.
void MergePart(const NetnsTarget& t, NamespacePart& part, model::Snapshot& merged) {
  for (auto& s : part.snap.sockets) {
    s.netns = t.inode;
    merged.sockets.push_back(std::move(s));
  }
  // Without counters the namespace still needs an entry: its name and
  // container identity are shown next to its sockets.
  if (part.snap.namespaces.empty()) part.snap.namespaces.emplace_back();
  for (auto& ns : part.snap.namespaces) {
    ns.inode = t.inode;
    ns.name = t.name;
    ns.container = t.identity.container;
    ns.pod = t.identity.pod;
    ns.unit = t.identity.unit;
    ns.pod_name = t.identity.pod_name;
    ns.pod_namespace = t.identity.pod_namespace;
    merged.namespaces.push_back(std::move(ns));
  }
  for (auto& src : part.snap.sources) {
    src.netns = t.inode;
    merged.sources.push_back(std::move(src));
  }
  for (auto& [key, name] : part.snap.interface_names)
    merged.interface_names.emplace(std::make_pair(t.inode, key.second), std::move(name));
  const std::string prefix =
      fmt::format("namespace {}{}: ", t.inode, t.name.empty() ? "" : " (" + t.name + ")");
  for (auto& n : part.snap.notes) {
    if (!t.own) n.message = prefix + n.message;
    merged.notes.push_back(std::move(n));
  }
}

// "netlink" when every socket table came from sock_diag, "proc" when any came
// from /proc, "" when none was read.
std::string SocketSourceSummary(const model::Snapshot& snap) {
  bool any = false, any_proc = false;
  for (const auto& s : snap.sources) {
    if (s.source == model::source_name::kOwners || s.source == model::source_name::kCounters ||
        s.source == model::source_name::kNetns || s.status == model::SourceStatus::kFailed)
      continue;
    any = true;
    any_proc |= s.via == "proc";
  }
  return !any ? "" : any_proc ? "proc" : "netlink";
}

// The namespace sockscope runs in, streamed into `sink`: owners first (so
// each socket goes out with them), then every table, each socket admitted,
// checked for repeats and handed over as it is decoded. The snapshot gets
// everything else (sources, notes, the owner index) in the order a held
// collection would record it.
void StreamOwnNamespace(const Environment& env, const CollectOptions& o,
                        const base::Deadline& deadline, SocketSink& sink, model::Snapshot& snap) {
  model::Snapshot owner_part;  // its notes and sources go after the tables'
  std::optional<std::string> owners_via;
  if (o.owners) owners_via = ReadEveryOwner(*env.proc, env.socket_fds, o, deadline, owner_part);
  const bool owners_incomplete = owners_via && !owner_part.owners.Complete();
  const auto counts = ReadSocketCounts(*env.proc);
  base::FlatU64Set seen(counts ? ExpectedSockets(*counts, o) : 0);
  size_t repeats = 0;
  UnknownOwners unknown_by_netns;
  SocketContext context;
  context.owners = o.owners ? &owner_part.owners : nullptr;
  const NamespaceStream stream = [&](model::Socket& s, const model::InterfaceNames& names) {
    if (!o.selection.Admits(s)) return;
    if (const uint64_t key = RepeatKey(s); key != 0 && !seen.Insert(key)) {
      ++repeats;
      return;
    }
    if (owners_incomplete && s.inode && owner_part.owners.Find(s.inode).empty())
      ++unknown_by_netns[s.netns];
    context.interface_names = &names;
    sink.Take(s, context);
  };
  NamespacePart part = CollectOwnNamespace(env, o, deadline, &stream, &counts);
  snap.namespaces = std::move(part.snap.namespaces);
  snap.interface_names = std::move(part.snap.interface_names);
  snap.notes = std::move(part.snap.notes);
  snap.sources = std::move(part.snap.sources);
  if (repeats > 0)
    snap.notes.push_back({model::NoteLevel::kInfo, "sockets",
                          fmt::format("{} duplicate socket entries dropped", repeats)});
  snap.source = SocketSourceSummary(snap);
  if (!o.owners) return;
  snap.owners = std::move(owner_part.owners);
  snap.owners_collected = owner_part.owners_collected;
  for (auto& n : owner_part.notes) snap.notes.push_back(std::move(n));
  for (auto& src : owner_part.sources) snap.sources.push_back(std::move(src));
  if (owners_via) RecordOwnersSource(*owners_via, unknown_by_netns, snap);
}

}  // namespace

bool SocketSelection::Admits(const model::Socket& s) const {
  switch (s.proto) {
    case model::Proto::kTcp:
      if (!tcp) return false;
      if (tcp_region && !tcp_region->Matches(s)) return false;
      break;
    case model::Proto::kUdp:
      if (!udp) return false;
      break;
    case model::Proto::kRaw:
      if (!raw) return false;
      break;
    case model::Proto::kMptcp:
      if (!mptcp) return false;
      break;
    case model::Proto::kNetlink:
      return netlink && (udp_states & model::StateBit(s.state)) != 0;
    case model::Proto::kPacket:
      return packet && (udp_states & model::StateBit(s.state)) != 0;
    case model::Proto::kUnix:
      return unix_sockets && (unix_states & model::StateBit(s.state)) != 0;
  }
  if (s.family == model::Family::kInet ? !inet4 : !inet6) return false;
  return (StatesOf(s.proto) & model::StateBit(s.state)) != 0;
}

model::Snapshot Collect(const Environment& env, const CollectOptions& o,
                        const CollectPolicy& policy) {
  const base::Deadline deadline = o.EffectiveDeadline();
  StepClock clock(policy);
  model::Snapshot snap;
  snap.tcp_states = o.selection.tcp ? o.selection.tcp_states : 0;
  snap.taken_at = std::chrono::system_clock::now();
  snap.monotonic_at = Clock::now();

  clock.Begin(Step::kSockets);
  std::chrono::nanoseconds counters_time{0};
  // Following (serve, top): this run's namespaces, resolved now.
  const std::vector<NetnsTarget>* targets = env.targets;
  NetnsTargets followed;
  if (env.follow) {
    if (auto fresh = env.follow->Resolve(/*require_match=*/false)) {
      followed = std::move(*fresh);
      targets = &followed.targets;
      snap.notes = std::move(followed.notes);
    } else {
      snap.notes.push_back({model::NoteLevel::kError, "netns",
                            "cannot list the namespaces again (" + fresh.error().message +
                                "): visiting the ones listed at start"});
      snap.sources.push_back({std::string(model::source_name::kNetns), 0,
                              model::SourceStatus::kFailed, "proc", fresh.error().message});
    }
  }
  if (!targets && policy.sink) {
    StreamOwnNamespace(env, o, deadline, *policy.sink, snap);
    clock.End(Step::kSockets);
    return snap;
  }
  if (!targets) {
    NamespacePart part =
        CollectOwnNamespace(env, o, deadline, nullptr, nullptr, policy.socket_storage);
    counters_time = part.counters_time;
    snap.sockets = std::move(part.snap.sockets);
    snap.namespaces = std::move(part.snap.namespaces);
    snap.interface_names = std::move(part.snap.interface_names);
    snap.notes = std::move(part.snap.notes);
    snap.sources = std::move(part.snap.sources);
  } else {
    auto parts = CollectTargets(env, *targets, o, deadline);
    for (size_t i = 0; i < parts.size(); ++i) {
      counters_time += parts[i].counters_time;
      MergePart((*targets)[i], parts[i], snap);
    }
  }
  if (size_t dropped = DeduplicateAndSelect(o.selection, snap.sockets); dropped > 0)
    snap.notes.push_back({model::NoteLevel::kInfo, "sockets",
                          fmt::format("{} duplicate socket entries dropped", dropped)});
  snap.source = SocketSourceSummary(snap);
  clock.End(Step::kSockets, counters_time);
  clock.Add(Step::kCounters, counters_time);

  if (o.owners) {
    clock.Begin(Step::kOwners);
    CollectOwners(*env.proc, env.socket_fds, o, deadline, policy.owner_cache, snap);
    clock.End(Step::kOwners);
  }
  if (o.listeners) snap.listeners = DeriveListeners(snap);
  if (policy.sink) {
    // -N: the namespaces were read in parallel; their sockets go over now.
    const SocketContext context{o.owners ? &snap.owners : nullptr, &snap.interface_names};
    for (const auto& s : snap.sockets) policy.sink->Take(s, context);
    snap.sockets = {};
  }
  return snap;
}

void AddOwners(const Environment& env, const CollectOptions& options, model::Snapshot& snap) {
  CollectOwners(*env.proc, env.socket_fds, options, options.EffectiveDeadline(), nullptr, snap);
  if (options.listeners) snap.listeners = DeriveListeners(snap);
}

}  // namespace sockscope::collect
