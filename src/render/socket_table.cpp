#include "render/socket_table.h"
#include "render/columns.h"
#include "render/timer_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/escape.h"
#include "render/address.h"
#include "render/netns_identity.h"
#include "render/table.h"

namespace sockscope::render {

void AppendProcessColumn(std::string& out, const std::vector<model::Owner>& owners) {
  if (owners.empty()) return;
  out += "users:(";
  for (size_t i = 0; i < owners.size(); ++i) {
    if (i) out += ',';
    out += "(\"";
    // The name's own quotes and parentheses are escaped: it cannot close the
    // field and forge a pid or a second owner.
    base::AppendEscapedOwnerName(out, owners[i].comm);
    fmt::format_to(std::back_inserter(out), "\",pid={},fd={})", owners[i].pid, owners[i].fd);
  }
  out += ')';
}

namespace {

void AppendDetails(std::string& out, const model::Socket& s, const SocketView& view) {
  auto it = std::back_inserter(out);
  // ss's order: timer, then -e's fields, then -m's.
  if (view.timers) AppendTimer(out, s);
  if (view.extended) {
    if (!out.empty()) out += ' ';
    fmt::format_to(it, "uid:{} ino:{} sk:{:x}", s.uid, s.inode, s.cookie);
    if (s.family == model::Family::kInet6 && s.v6only_known)
      fmt::format_to(it, " v6only:{}", s.v6only ? 1 : 0);
  }
  if (view.memory && s.mem) {
    if (!out.empty()) out += ' ';
    const auto& m = *s.mem;
    fmt::format_to(it, "skmem:(r{},rb{},t{},tb{},f{},w{},o{},bl{},d{})", m.rmem_alloc, m.rcvbuf,
                   m.wmem_alloc, m.sndbuf, m.fwd_alloc, m.wmem_queued, m.optmem, m.backlog,
                   m.drops);
  }
}

void AppendTcpInfoLine(std::string& out, const model::Socket& s) {
  const auto& t = *s.tcp_info;
  auto it = std::back_inserter(out);
  out += '\t';
  if (!s.congestion.empty()) {
    base::AppendEscapedForTerminal(out, s.congestion);
    out += ' ';
  }
  fmt::format_to(it, "rto:{:g} rtt:{:g}/{:g} mss:{} rcvmss:{} cwnd:{}", t.rto_us / 1000.0,
                 t.rtt_us / 1000.0, t.rttvar_us / 1000.0, t.snd_mss, t.rcv_mss, t.snd_cwnd);
  if (t.snd_ssthresh > 0 && t.snd_ssthresh < 0xffff)
    fmt::format_to(it, " ssthresh:{}", t.snd_ssthresh);
  fmt::format_to(it, " bytes_acked:{} bytes_received:{}", t.bytes_acked, t.bytes_received);
  if (t.retransmits || t.total_retrans)
    fmt::format_to(it, " retrans:{}/{}", t.retransmits, t.total_retrans);
  if (t.has_delivery_rate && t.delivery_rate_Bps)
    fmt::format_to(it, " delivery_rate:{}bps", t.delivery_rate_Bps * 8);
  if (t.min_rtt_us) fmt::format_to(it, " minrtt:{:g}", t.min_rtt_us / 1000.0);
}

}  // namespace

void RenderSocketTable(const model::Snapshot& snapshot, const std::vector<size_t>& indices,
                       const SocketView& view, std::string& out) {
  std::vector<Table::Column> columns;
  const NetnsIdentity* identity = view.netns ? view.identity : nullptr;
  const bool container_column = identity && identity->container_column();
  const bool pod_column = identity && identity->pod_column();
  if (view.netns) columns.push_back(column::kNetns);
  if (container_column) columns.push_back(column::kContainer);
  if (pod_column) columns.push_back(column::kPod);
  if (view.netid_column) columns.push_back(column::kNetid);
  if (view.state_column) columns.push_back(column::kState);
  for (const auto& c : {column::kRecvQ, column::kSendQ, column::kLocal, column::kPeer})
    columns.push_back(c);
  const bool details = view.extended || view.memory || view.timers;
  if (view.processes) columns.push_back(column::kProcess);
  if (details) columns.push_back(column::kDetails);
  Table table(std::move(columns));
  table.Reserve(indices.size(), 64);  // "tcp ESTAB 0 0 " and two address:port cells
  std::string scratch;
  for (size_t index : indices) {
    const model::Socket& s = snapshot.sockets[index];
    if (view.netns) {
      fmt::format_to(std::back_inserter(table.CellBuffer()), "{}", s.netns);
      table.CommitCell();
    }
    if (container_column) table.AddCell(identity->ContainerCell(s.netns));
    if (pod_column) table.AddCell(identity->PodCell(s.netns));
    if (view.netid_column) table.AddCell(model::NetidName(s.proto, s.unix_type));
    if (view.state_column) table.AddCell(TableStateName(s));
    auto& cell = table.CellBuffer();
    fmt::format_to(std::back_inserter(cell), "{}", s.recv_q);
    table.CommitCell();
    if (s.send_q_known)
      fmt::format_to(std::back_inserter(table.CellBuffer()), "{}", s.send_q);
    else
      table.CellBuffer() += '-';
    table.CommitCell();
    std::string dev;
    if (s.interface != 0) dev = InterfaceName(snapshot, s);
    AppendLocalColumn(table.CellBuffer(), s, view.services, view.hosts, dev);
    table.CommitCell();
    AppendPeerColumn(table.CellBuffer(), s, view.services, view.hosts);
    table.CommitCell();
    if (view.processes) {
      if (const auto* owners = snapshot.owners.Find(s.inode); owners && s.inode != 0)
        AppendProcessColumn(table.CellBuffer(), *owners);
      table.CommitCell();
    }
    if (details) {
      scratch.clear();
      AppendDetails(scratch, s, view);
      table.AddCell(scratch);
    }
    if (view.tcp_info && s.tcp_info) {
      scratch.clear();
      AppendTcpInfoLine(scratch, s);
      table.SetTrailer(scratch);
    }
    table.EndRow();
  }
  table.Render(out, view.header);
}

void OrderAsSs(const model::Snapshot& snapshot, std::vector<size_t>& indices) {
  auto rank = [](model::Proto p) -> size_t {
    switch (p) {
      case model::Proto::kUnix:
        return 0;
      case model::Proto::kRaw:
        return 1;
      case model::Proto::kUdp:
        return 2;
      case model::Proto::kTcp:
        return 3;
      case model::Proto::kMptcp:
        return 4;
    }
    return 3;
  };
  constexpr size_t kRanks = 5;
  // Mostly one table, or already in order: then nothing moves.
  size_t highest = 0;
  bool in_order = true;
  for (size_t i : indices) {
    const size_t r = rank(snapshot.sockets[i].proto);
    in_order = in_order && r >= highest;
    highest = std::max(highest, r);
  }
  if (in_order) return;
  std::array<std::vector<size_t>, kRanks> by_rank;
  for (size_t i : indices) by_rank[rank(snapshot.sockets[i].proto)].push_back(i);
  indices.clear();
  for (const auto& group : by_rank) indices.insert(indices.end(), group.begin(), group.end());
}

}  // namespace sockscope::render
