#include "collect/socket_sources.h"

#include <fmt/format.h>

#include "collect/netlink_source.h"
#include "collect/proc_source.h"
#include "procfs/net_netlink_parser.h"

#include <algorithm>
#include <climits>
#include <unordered_map>

namespace sockscope::collect {
namespace {

using model::Family;
using model::NoteLevel;
using model::Proto;
using model::SourceStatus;

struct Table {
  Proto proto;
  Family family;
  bool both_families = false;  // TCP of IPv4 and IPv6 in one dump (`family` ignored)
};

std::string TableName(const Table& t) {
  if (t.proto == Proto::kUnix) return "unix";
  if (t.proto == Proto::kNetlink) return "netlink";
  if (t.proto == Proto::kPacket) return "packet";
  return fmt::format("{}/{}", model::ProtoName(t.proto), model::FamilyName(t.family));
}

void Append(std::vector<model::Socket>& from, std::vector<model::Socket>& to) {
  // An empty vector with room (reserved, or handed back by the exporter)
  // keeps its pages.
  if (to.empty() && to.capacity() < from.size()) {
    to = std::move(from);
    return;
  }
  to.reserve(to.size() + from.size());
  for (auto& s : from) to.push_back(std::move(s));
}

// One sock_diag dump of one table; the error when it failed.
std::optional<base::Error> DumpTable(sys::NetlinkOpener& netlink, const Table& t,
                                     const SocketTablesRequest& r, const base::Deadline& deadline,
                                     model::Snapshot& snap) {
  const CollectOptions& o = *r.options;
  NetlinkSourceOptions n;
  n.tcp = t.proto == Proto::kTcp;
  n.udp = t.proto == Proto::kUdp;
  n.unix_sockets = t.proto == Proto::kUnix;
  n.raw = t.proto == Proto::kRaw;
  n.mptcp = t.proto == Proto::kMptcp;
  n.netlink = t.proto == Proto::kNetlink;
  n.packet = t.proto == Proto::kPacket;
  n.unix_files = o.unix_files;
  n.inet4 = t.both_families || t.family == Family::kInet;
  n.inet6 = t.both_families || t.family == Family::kInet6;
  n.tcp_one_walk = t.both_families;
  n.tcp_states = o.selection.tcp_states;
  n.udp_states = o.selection.udp_states;
  n.unix_states = o.selection.unix_states;
  n.mptcp_states = o.selection.mptcp_states;
  n.tcp_info = o.tcp_info;
  n.memory = o.memory || o.listeners;
  n.tcp_connection_memory = o.memory && o.tcp_connection_memory;
  n.congestion = o.congestion;
  n.tos = o.tos;
  n.tcp_region = o.selection.tcp_region.get();
  n.inet_program = o.selection.inet_program.get();
  n.limits = o.limits;
  n.stream = r.stream;
  if (!r.stream) n.append_to = &snap.sockets;  // room was reserved for every table
  auto result = CollectFromNetlink(netlink, n, deadline, r.netns);
  // Every dump of the table (TCP in one walk may take two): one that failed
  // leaves the table incomplete.
  if (result.dumps_ok > 0 && result.dumps_failed == 0 && result.dumps_unsupported == 0) {
    for (auto& note : result.notes) snap.notes.push_back(std::move(note));
    return std::nullopt;
  }
  std::string message = result.notes.empty() ? "no answer" : result.notes.back().message;
  base::ErrorKind kind = result.dumps_unsupported > 0 ? base::ErrorKind::kUnsupported
                         : result.permission_denied   ? base::ErrorKind::kPermission
                         : deadline.Expired()         ? base::ErrorKind::kTimeout
                                                      : base::ErrorKind::kIo;
  return base::MakeError(kind, message);
}

// /proc/net/<table> (or /proc/PID/net/<table>); the error when unreadable.
std::optional<base::Error> ReadTable(procfs::ProcFs& proc, const Table& t,
                                     const SocketTablesRequest& r, model::Snapshot& snap) {
  if (r.deadline.Expired())
    return base::MakeError(base::ErrorKind::kTimeout, "the time budget (--timeout) was spent");
  ProcSourceOptions p;
  p.tcp = t.proto == Proto::kTcp;
  p.udp = t.proto == Proto::kUdp;
  p.unix_sockets = t.proto == Proto::kUnix;
  p.raw = t.proto == Proto::kRaw;
  p.netlink = t.proto == Proto::kNetlink;
  p.packet = t.proto == Proto::kPacket;
  p.inet4 = t.family == Family::kInet;
  p.inet6 = t.family == Family::kInet6;
  p.pid = r.through_pid;
  auto got = CollectFromProc(proc, p);
  if (!got) return got.error();
  for (auto& note : got->notes) snap.notes.push_back(std::move(note));
  for (auto& s : got->sockets) s.netns = r.netns;
  if (r.stream) {
    for (auto& s : got->sockets) (*r.stream)(s);
    return std::nullopt;
  }
  Append(got->sockets, snap.sockets);
  return std::nullopt;
}

// The deadline of a first dump that has somewhere to go if it fails (a
// retry, /proc/net, the per-family dumps): half of what is left, so a
// kernel that never answers still leaves time for the way after it.
base::Deadline FirstAttemptDeadline(const SocketTablesRequest& r) {
  return r.deadline.Min(base::Deadline::After(r.deadline.Remaining() / 2));
}

void CollectTable(sys::NetlinkOpener* netlink, procfs::ProcFs& proc, const Table& t,
                  const SocketTablesRequest& r, model::Snapshot& snap) {
  const CollectOptions& o = *r.options;
  model::SourceState state{TableName(t), r.netns, SourceStatus::kOk, "", ""};
  // fallback_level: how loud a fall-back is (some tables have all ss shows
  // in /proc as well: a note, not a warning).
  auto finish = [&](SourceStatus status, std::string via, std::string reason,
                    NoteLevel fallback_level = NoteLevel::kWarning) {
    state.status = status;
    state.via = std::move(via);
    state.reason = std::move(reason);
    if (status == SourceStatus::kFailed)
      snap.notes.push_back({NoteLevel::kError, state.source, "not read: " + state.reason});
    else if (status == SourceStatus::kFellBack && !r.through_pid)
      snap.notes.push_back({fallback_level, state.source, state.reason});
    snap.sources.push_back(std::move(state));
  };

  // MPTCP has no /proc table; /proc/net/protocols counts its sockets, which
  // tells an empty table (complete) from one only sock_diag could list.
  auto mptcp_from_proc = [&](const std::string& why) {
    auto text = proc.ReadNetFile("protocols", r.through_pid);
    std::optional<uint64_t> in_use;
    if (text)
      in_use = procfs::ProtocolSocketsInUse(*text, t.family == Family::kInet ? "MPTCP" : "MPTCPv6");
    if (text && !in_use) return finish(SourceStatus::kOk, "proc", "");  // no MPTCP in this kernel
    if (in_use && *in_use == 0)
      return finish(SourceStatus::kFellBack, "proc",
                    why + ": /proc/net/protocols counts no MPTCP socket here");
    finish(
        SourceStatus::kFailed, "proc",
        why + "; " +
            (in_use ? fmt::format("{} MPTCP socket(s) exist and only sock_diag lists them", *in_use)
                    : text.error().message));
  };
  if (t.proto == Proto::kMptcp && (r.through_pid || o.source == SourceChoice::kProc))
    return mptcp_from_proc(r.through_pid ? r.why : "--source proc");
  if (r.through_pid) {
    auto error = ReadTable(proc, t, r, snap);
    if (error)
      finish(SourceStatus::kFailed, "proc", r.why + "; /proc/PID/net: " + error->message);
    else
      finish(SourceStatus::kFellBack, "proc", r.why);
    return;
  }
  std::string netlink_error;
  bool no_diag_module = false;  // the kernel has no sock_diag handler for the table
  // Empty by the kernel's own counts: exact as of their reading, as a dump
  // is as of its own; nothing to walk. `via` says so.
  if (o.source != SourceChoice::kProc && r.counts && TableKnownEmpty(t.proto, t.family, *r.counts))
    return finish(SourceStatus::kOk, "sockstat", "");
  if (o.source != SourceChoice::kProc) {
    if (netlink == nullptr) {
      netlink_error = "netlink is not available here";
    } else {
      // With a fallback to go to, a dump may spend half of what is left.
      auto attempt_deadline = [&] {
        return o.source == SourceChoice::kNetlink ? r.deadline : FirstAttemptDeadline(r);
      };
      auto error = DumpTable(*netlink, t, r, attempt_deadline(), snap);
      // One more try on a fresh socket (RunDump opens one per attempt), unless
      // retrying cannot help: no permission, no diag module, a dump that
      // already took all its time.
      if (error && error->kind != base::ErrorKind::kPermission &&
          error->kind != base::ErrorKind::kUnsupported &&
          error->kind != base::ErrorKind::kTimeout && !r.deadline.Expired())
        error = DumpTable(*netlink, t, r, attempt_deadline(), snap);
      if (!error) return finish(SourceStatus::kOk, "netlink", "");
      netlink_error = error->message;
      no_diag_module = error->kind == base::ErrorKind::kUnsupported;
    }
    if (t.proto == Proto::kMptcp)
      return mptcp_from_proc("sock_diag failed (" + netlink_error + ")");
    if (o.source == SourceChoice::kNetlink)
      return finish(SourceStatus::kFailed, "netlink", netlink_error);
  }
  auto error = ReadTable(proc, t, r, snap);
  if (error) {
    // No /proc/net/tcp6 on a kernel without IPv6: no such sockets exist.
    if (error->kind == base::ErrorKind::kNotFound && netlink_error.empty() &&
        t.family == Family::kInet6)
      return finish(SourceStatus::kOk, "proc", "");
    std::string reason = netlink_error.empty() ? "/proc/net: " + error->message
                                               : netlink_error + "; /proc/net: " + error->message;
    return finish(SourceStatus::kFailed, "proc", reason);
  }
  if (netlink_error.empty()) return finish(SourceStatus::kOk, "proc", "");
  if ((t.proto == Proto::kRaw || t.proto == Proto::kPacket) && no_diag_module) {
    // Kernels often lack raw_diag (and old ones packet_diag); /proc/net/raw
    // and /proc/net/packet have all ss shows but the -e details (ss falls
    // back the same way, silently). A note, but not a warning.
    return finish(SourceStatus::kFellBack, "proc",
                  netlink_error + ": read /proc/net/" +
                      (t.proto == Proto::kPacket    ? "packet"
                       : t.family == Family::kInet6 ? "raw6"
                                                    : "raw") +
                      " instead, as ss does (no cookies there)",
                  NoteLevel::kInfo);
  }
  finish(SourceStatus::kFellBack, "proc",
         "sock_diag failed (" + netlink_error +
             "): read /proc/net instead (accept-queue maximum, cookies, tcp_info and memory are "
             "unknown there)");
}

// ss without -n names a netlink socket's port id by the process whose pid it
// is ("tcpdiag:ss/1234"; 0 is the kernel): the convention that a process's
// first netlink socket gets its pid. One comm read per distinct port id
// (`comms` remembers them), under the collection's deadline; a pid that is
// gone stays a number.
void NameNetlinkPort(procfs::ProcFs& proc, const SocketTablesRequest& r,
                     std::unordered_map<uint32_t, std::string>& comms, model::Socket& s) {
  if (s.proto != Proto::kNetlink || !s.netlink || s.netlink->portid == 0) return;
  const uint32_t pid = s.netlink->portid;
  auto [it, fresh] = comms.try_emplace(pid);
  if (fresh && pid <= static_cast<uint32_t>(INT32_MAX) && !r.deadline.Expired()) {
    if (auto dir = proc.OpenPid(static_cast<int32_t>(pid))) {
      if (auto comm = (*dir)->ReadComm()) it->second = std::move(*comm);
    }
  }
  s.netlink->portid_comm = it->second;
}

// Where ss prints a table (misc/ss.c main): netlink, packet, UNIX, raw,
// UDP, TCP, MPTCP.
int SsRank(Proto p) {
  switch (p) {
    case Proto::kNetlink:
      return 0;
    case Proto::kPacket:
      return 1;
    case Proto::kUnix:
      return 2;
    case Proto::kRaw:
      return 3;
    case Proto::kUdp:
      return 4;
    case Proto::kTcp:
      return 5;
    case Proto::kMptcp:
      return 6;
  }
  return 5;
}

// Both TCP tables from one dump where the options allow it: one walk of the
// kernel's socket hash rather than two. On success the TCP tables are done
// (taken out of `tables`, their sources recorded); on any failure nothing
// is kept and they are read one by one as usual, with their own retries
// and fallbacks, so the data is what it would have been (a kernel or a
// recording that does not answer this request costs one refusal).
void TcpInOneWalk(sys::NetlinkOpener* netlink, std::vector<Table>& tables,
                  const SocketTablesRequest& r, model::Snapshot& snap) {
  const CollectOptions& o = *r.options;
  if (!o.tcp_one_walk || !netlink || r.through_pid || r.stream || o.source == SourceChoice::kProc ||
      o.selection.tcp_region)
    return;
  auto is_tcp = [](const Table& t) { return t.proto == Proto::kTcp; };
  // Both tables asked for, not both known empty (those need no dump).
  if (std::count_if(tables.begin(), tables.end(), is_tcp) != 2 ||
      std::all_of(tables.begin(), tables.end(), [&](const Table& t) {
        return !is_tcp(t) || (r.counts && TableKnownEmpty(t.proto, t.family, *r.counts));
      }))
    return;
  const base::Deadline attempt = FirstAttemptDeadline(r);
  // Nothing of a failed attempt is kept (of its two dumps, the one that
  // succeeded has appended already), nor its notes.
  const size_t before = snap.sockets.size();
  if (DumpTable(*netlink, {Proto::kTcp, Family::kInet, true}, r, attempt, snap)) {
    snap.sockets.resize(before);
    return;
  }
  for (const auto& t : tables)
    if (is_tcp(t))
      snap.sources.push_back({TableName(t), r.netns, SourceStatus::kOk, "netlink", ""});
  tables.erase(std::remove_if(tables.begin(), tables.end(), is_tcp), tables.end());
}

}  // namespace

bool TableKnownEmpty(Proto proto, Family family, const model::SockStat& c) {
  auto zero = [](const std::optional<uint64_t>& n) { return n && *n == 0; };
  const bool v4 = family == Family::kInet;
  switch (proto) {
    case Proto::kTcp:
      return zero(c.tcp6_inuse) && zero(c.tcp_tw) && (!v4 || zero(c.tcp_inuse));
    case Proto::kUdp:
      return zero(v4 ? c.udp_inuse : c.udp6_inuse);
    case Proto::kRaw:
      return zero(v4 ? c.raw_inuse : c.raw6_inuse);
    case Proto::kMptcp:
    case Proto::kUnix:
    case Proto::kNetlink:
    case Proto::kPacket:
      return false;  // no per-namespace count of them here
  }
  return false;
}

void CollectSocketTables(sys::NetlinkOpener* netlink, procfs::ProcFs& proc,
                         const SocketTablesRequest& r, model::Snapshot& snap) {
  const SocketSelection& sel = r.options->selection;
  std::vector<Table> tables;
  auto add_inet = [&](Proto proto, model::StateMask states) {
    if (!states) return;
    if (sel.inet4) tables.push_back({proto, Family::kInet});
    if (sel.inet6) tables.push_back({proto, Family::kInet6});
  };
  if (sel.tcp) add_inet(Proto::kTcp, sel.tcp_states);
  if (sel.udp) add_inet(Proto::kUdp, sel.udp_states);
  if (sel.raw) add_inet(Proto::kRaw, sel.udp_states);
  if (sel.mptcp) add_inet(Proto::kMptcp, sel.mptcp_states);
  if (sel.unix_sockets && sel.unix_states) tables.push_back({Proto::kUnix, Family::kUnix});
  if (sel.netlink && (sel.udp_states & model::StateBit(model::State::kClose)))
    tables.push_back({Proto::kNetlink, Family::kNetlink});
  if (sel.packet && (sel.udp_states & model::StateBit(model::State::kClose)))
    tables.push_back({Proto::kPacket, Family::kPacket});
  if (r.options->ss_table_order)
    std::stable_sort(tables.begin(), tables.end(), [](const Table& a, const Table& b) {
      return SsRank(a.proto) < SsRank(b.proto);
    });
  TcpInOneWalk(netlink, tables, r, snap);
  std::unordered_map<uint32_t, std::string> comms;
  if (!r.stream || !r.options->netlink_port_names) {
    for (const auto& t : tables) CollectTable(netlink, proc, t, r, snap);
    if (r.options->netlink_port_names)
      for (auto& s : snap.sockets) NameNetlinkPort(proc, r, comms, s);
    return;
  }
  // Streamed: each netlink socket named before it is handed over.
  const SocketCallback named = [&](model::Socket& s) {
    NameNetlinkPort(proc, r, comms, s);
    (*r.stream)(s);
  };
  SocketTablesRequest named_request = r;
  named_request.stream = &named;
  for (const auto& t : tables) CollectTable(netlink, proc, t, named_request, snap);
}

}  // namespace sockscope::collect
