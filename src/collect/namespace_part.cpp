#include "collect/namespace_part.h"

#include <algorithm>

#include <fmt/format.h>

#include "collect/socket_sources.h"
#include "procfs/interfaces_parser.h"
#include "procfs/netns_data.h"
#include "procfs/sockstat_parser.h"
#include "sys/heap_policy.h"

namespace sockscope::collect {
namespace {

using model::NoteLevel;
using model::SourceStatus;

void ReadCounters(procfs::ProcFs& proc, const CollectOptions& o, const base::Deadline& deadline,
                  uint64_t netns, std::optional<int32_t> through_pid, NamespacePart& part) {
  const std::string source(model::source_name::kCounters);
  if (deadline.Expired()) {
    part.snap.sources.push_back({source, netns, SourceStatus::kFailed, "proc",
                                 "not read: the time budget (--timeout) was spent"});
    part.snap.notes.push_back(
        {NoteLevel::kError, source, "not read: the time budget (--timeout) was spent"});
    return;
  }
  auto start = std::chrono::steady_clock::now();
  auto read = procfs::ReadNetnsData(proc, through_pid, !o.every_counter);
  part.counters_time += std::chrono::steady_clock::now() - start;
  read.data.inode = netns;
  std::string why;
  for (const auto& n : read.notes)
    if (n.level != NoteLevel::kInfo && why.empty()) why = n.message;
  for (auto& n : read.notes) part.snap.notes.push_back(std::move(n));
  SourceStatus status = !read.data.counters_ok ? SourceStatus::kFailed
                        : through_pid          ? SourceStatus::kFellBack
                                               : SourceStatus::kOk;
  if (status == SourceStatus::kFailed && why.empty()) why = "no counters in /proc/net/netstat";
  if (through_pid && status != SourceStatus::kFailed) why = "limits (sysctls) unknown";
  part.snap.sources.push_back({source, netns, status, "proc", why});
  part.snap.namespaces.push_back(std::move(read.data));
}

// The names of the devices sockets are bound to (ss's "%dev"), only when
// some socket is (most hosts have none, and the files are not read then)
// or `always` (a streamed collection reads them before any socket).
void ReadInterfaceNames(procfs::ProcFs& proc, const base::Deadline& deadline, uint64_t netns,
                        std::optional<int32_t> through_pid, bool always, NamespacePart& part) {
  const auto& sockets = part.snap.sockets;
  if ((!always && std::none_of(sockets.begin(), sockets.end(),
                               [](const auto& s) { return s.interface != 0; })) ||
      deadline.Expired())
    return;
  procfs::InterfaceNames names;
  if (auto text = proc.ReadNetFile("igmp", through_pid))
    procfs::AddInterfacesFromIgmp(*text, names);
  if (auto text = proc.ReadNetFile("if_inet6", through_pid))
    procfs::AddInterfacesFromIfInet6(*text, names);
  for (auto& [index, name] : names)
    part.snap.interface_names.emplace(std::make_pair(netns, index), std::move(name));
}

// Sockets and counters of the namespace `proc` describes.
NamespacePart CollectHere(sys::NetlinkOpener* netlink, procfs::ProcFs& proc,
                          const CollectOptions& o, const base::Deadline& deadline,
                          std::optional<int32_t> through_pid, const std::string& why,
                          const NamespaceStream* stream = nullptr,
                          const std::optional<model::SockStat>* counts = nullptr,
                          std::vector<model::Socket>* storage = nullptr) {
  NamespacePart part;
  if (storage && !stream) {
    part.snap.sockets = std::move(*storage);
    part.snap.sockets.clear();
  }
  uint64_t netns = 0;
  if (auto ino = procfs::ReadNetnsInode(proc, through_pid); ino)
    netns = *ino;
  else
    part.snap.notes.push_back({NoteLevel::kInfo, "netns", ino.error().message});

  SocketTablesRequest r;
  r.options = &o;
  r.deadline = deadline;
  r.netns = netns;
  r.through_pid = through_pid;
  r.why = why;
  if (!through_pid) {
    r.counts = counts ? *counts : ReadSocketCounts(proc);
    // An eighth more than counted: counts move between readings (every
    // scrape of serve leaves a TIME-WAIT), and a vector handed back by the
    // exporter keeps its pages only while it need not grow. That vector, which
    // serve refills scrape after scrape and walks a dozen times each (18 MB
    // at 100k sockets, a TLB entry every 22 sockets in 4 KiB pages), is put
    // in huge pages: 4-9 ms less CPU a scrape. A one-shot command walks its
    // vector a few times and pays to fault the pages in: no gain measured.
    if (!stream && r.counts) {
      const size_t expected = ExpectedSockets(*r.counts, o);
      if (expected > part.snap.sockets.capacity()) {
        part.snap.sockets.reserve(expected + expected / 8);
        if (storage)
          sys::PreferHugePages(part.snap.sockets.data(),
                               part.snap.sockets.capacity() * sizeof(model::Socket));
      }
    }
  }
  SocketCallback streamed;
  if (stream) {
    ReadInterfaceNames(proc, deadline, netns, through_pid, /*always=*/true, part);
    streamed = [stream, &part](model::Socket& s) { (*stream)(s, part.snap.interface_names); };
    r.stream = &streamed;
  }
  CollectSocketTables(netlink, proc, r, part.snap);
  if (!stream) ReadInterfaceNames(proc, deadline, netns, through_pid, /*always=*/false, part);
  if (o.counters) ReadCounters(proc, o, deadline, netns, through_pid, part);
  return part;
}

NamespacePart FailedTarget(const NetnsTarget& t, const std::string& reason) {
  NamespacePart part;
  part.snap.sources.push_back(
      {std::string(model::source_name::kNetns), t.inode, SourceStatus::kFailed, "", reason});
  part.snap.notes.push_back({NoteLevel::kError, "netns", reason});
  return part;
}

}  // namespace

std::optional<model::SockStat> ReadSocketCounts(procfs::ProcFs& proc) {
  auto text = proc.ReadNetFile("sockstat");
  if (!text) return std::nullopt;
  model::SockStat counts = procfs::ParseSockStat(*text).sockstat;
  // No sockstat6 (a kernel without IPv6): its counts stay unknown.
  if (auto text6 = proc.ReadNetFile("sockstat6"))
    procfs::MergeSockStat(procfs::ParseSockStat(*text6).sockstat, counts);
  return counts;
}

size_t ExpectedSockets(const model::SockStat& counts, const CollectOptions& o) {
  const SocketSelection& sel = o.selection;
  auto count = [](const std::optional<uint64_t>& v4, const std::optional<uint64_t>& v6) {
    return v4.value_or(0) + v6.value_or(0);
  };
  uint64_t n = 0;
  // inuse and tw are the namespace's own; alloc counts every namespace's
  // sockets (a global counter), 20k on a host of 2,000 small namespaces.
  if (sel.tcp && (sel.tcp_states & model::StateBit(model::State::kEstablished)) != 0)
    n += count(counts.tcp_inuse, counts.tcp6_inuse) + counts.tcp_tw.value_or(0);
  if (sel.udp && sel.udp_states != 0) n += count(counts.udp_inuse, counts.udp6_inuse);
  if (sel.raw && sel.udp_states != 0) n += count(counts.raw_inuse, counts.raw6_inuse);
  constexpr uint64_t kMaxHint = uint64_t{1} << 22;  // a hint, never a huge allocation
  return static_cast<size_t>(std::min(n, kMaxHint));
}

NamespacePart CollectOwnNamespace(const Environment& env, const CollectOptions& options,
                                  const base::Deadline& deadline, const NamespaceStream* stream,
                                  const std::optional<model::SockStat>* counts,
                                  std::vector<model::Socket>* storage) {
  return CollectHere(env.netlink, *env.proc, options, deadline, std::nullopt, "", stream, counts,
                     storage);
}

NamespacePart CollectTargetNamespace(const Environment& env, const CollectOptions& options,
                                     const base::Deadline& deadline, const NetnsTarget& t) {
  if (deadline.Expired())
    return FailedTarget(t, "not visited: the time budget (--timeout) was spent before it");
  if (t.own) return CollectOwnNamespace(env, options, deadline);
  std::string why;
  bool denied = false;
  auto fd = env.netns->Open(t.path);
  if (fd) {
    NamespacePart part;
    auto ran = env.netns->RunInside(fd->get(), [&] {
      auto here = env.proc->ForThreadNetns();
      part = CollectHere(env.netlink, *here, options, deadline, std::nullopt, "");
    });
    if (ran) return part;
    why = ran.error().message;
    denied = ran.error().kind == base::ErrorKind::kPermission;
  } else {
    why = fd.error().message;
    denied = fd.error().kind == base::ErrorKind::kPermission;
  }
  if (denied) why += " (entering a namespace needs CAP_SYS_ADMIN)";
  // Gone between listing and entering (its last process exited): normal
  // churn, nothing of it is missing any more.
  const bool file_gone = !fd && fd.error().kind == base::ErrorKind::kNotFound;
  bool holder_gone = !t.pid;
  if (t.pid) {
    auto ino = procfs::ReadNetnsInode(*env.proc, t.pid);
    holder_gone = !ino && ino.error().kind == base::ErrorKind::kNotFound;
  }
  if (file_gone && holder_gone) {
    NamespacePart part;
    part.snap.notes.push_back(
        {NoteLevel::kWarning, "netns", "vanished before it could be read: " + why});
    return part;
  }
  if (t.pid) {
    auto part = CollectHere(nullptr, *env.proc, options, deadline, t.pid,
                            fmt::format("{}; read through /proc/{}/net instead (accept-queue "
                                        "max, tcp_info and sysctls unknown)",
                                        why, *t.pid));
    part.snap.notes.push_back({NoteLevel::kWarning, "netns",
                               fmt::format("{}; read through /proc/{}/net instead "
                                           "(accept-queue max, tcp_info and sysctls unknown)",
                                           why, *t.pid)});
    return part;
  }
  return FailedTarget(t, why + (denied ? "; no process inside it is readable for the "
                                         "/proc/PID/net fallback (needs CAP_SYS_PTRACE): its "
                                         "sockets are not shown"
                                       : ""));
}

}  // namespace sockscope::collect
