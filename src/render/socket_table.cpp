#include "render/socket_table.h"
#include "render/columns.h"
#include "render/printf_numbers.h"
#include "render/timer_text.h"

#include <fmt/format.h>
#include <fmt/printf.h>
#include <linux/tcp.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <array>

#include "base/escape.h"
#include "render/address.h"
#include "render/netns_identity.h"

namespace sockscope::render {

void AppendProcessColumn(std::string& out, std::span<const model::Owner> owners) {
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

// " cgroup:PATH", as ss prints a socket's cgroup (-e, --cgroup).
void AppendCgroup(std::string& out, const model::Socket& s, const SocketView& view) {
  if (s.cgroup_id == 0 || !view.cgroup_paths) return;
  auto path = view.cgroup_paths->find(s.cgroup_id);
  if (path == view.cgroup_paths->end()) {
    fmt::format_to(std::back_inserter(out), " cgroup:unreachable:{:x}", s.cgroup_id);
  } else {
    out += " cgroup:";
    base::AppendEscapedForTerminal(out, path->second);  // names are anyone's choosing
  }
}

// -e's fields, in ss's order and with its omissions (uid 0, an unmarked
// socket).
void AppendExtended(std::string& out, const model::Socket& s, const SocketView& view) {
  auto it = std::back_inserter(out);
  if (s.proto == model::Proto::kNetlink && s.netlink) {
    // ss -e for netlink: the socket and callback pointers (0 from
    // netlink_diag) and the first 32 multicast groups.
    if (!out.empty()) out += ' ';
    fmt::format_to(it, "sk=0 cb=0 groups={:#010x}", s.netlink->groups);
    return;
  }
  // What ss -e prints besides the timer depends on where ss read the socket:
  // for UNIX sockets only the shutdown marks; for UDP and raw ones read
  // from /proc (no cookie there) nothing at all.
  const bool unix_socket = s.proto == model::Proto::kUnix;
  const bool datagram_from_proc =
      (s.proto == model::Proto::kUdp || s.proto == model::Proto::kRaw) && s.cookie == 0;
  if (datagram_from_proc) return;
  if (unix_socket) {
    if (s.shutdown_known)
      fmt::format_to(it, "{}{}-{}", out.empty() ? "" : " ", (s.shutdown & 1) ? '-' : '<',
                     (s.shutdown & 2) ? '-' : '>');
    if (s.unix_file) {
      // The device with libc's major()/minor() of the kernel's number, as ss.
      const dev_t device = s.unix_file->device;
      fmt::format_to(it, "{}ino:{} dev:{}/{}", out.empty() ? "" : " ", s.unix_file->inode,
                     major(device), minor(device));
    }
    return;
  }
  if (!out.empty()) out += ' ';
  if (s.uid != 0) fmt::format_to(it, "uid:{} ", s.uid);
  fmt::format_to(it, "ino:{} sk:{:x}", s.inode, s.cookie);
  if (s.mark != 0) fmt::format_to(it, " fwmark:{:#x}", s.mark);
  AppendCgroup(out, s, view);
  if (s.family == model::Family::kInet6 && s.v6only_known)
    fmt::format_to(it, " v6only:{}", s.v6only ? 1 : 0);
  if (s.shutdown_known)
    fmt::format_to(it, " {}-{}", (s.shutdown & 1) ? '-' : '<', (s.shutdown & 2) ? '-' : '>');
}

// ss's Process column after the owners: the timer (-o, and -e, which
// implies it), -e's fields, then --cgroup's field (inet sockets ss read from
// sock_diag; with -e as well ss prints the cgroup twice, and so does this).
void AppendOptionsAndDetails(std::string& out, const model::Socket& s, const SocketView& view) {
  if ((view.timers || view.extended) && s.timer != 0) {
    if (!out.empty()) out += ' ';
    AppendTimer(out, s);
  }
  if (view.extended) AppendExtended(out, s, view);
  if (view.tos) {
    // printf's %#x, as ss: 0 is "0", not "0x0".
    auto hex = [&](std::string_view name, uint32_t value) {
      if (value == 0)
        fmt::format_to(std::back_inserter(out), " {}:0", name);
      else
        fmt::format_to(std::back_inserter(out), " {}:{:#x}", name, value);
    };
    if (s.inet_extras_known & model::Socket::kTosKnown) hex("tos", s.tos);
    if (s.inet_extras_known & model::Socket::kTclassKnown) hex("tclass", s.tclass);
    if (s.inet_extras_known & model::Socket::kClassIdKnown) hex("class_id", s.class_id);
  }
  const bool inet_from_diag = s.proto != model::Proto::kUnix && s.proto != model::Proto::kNetlink &&
                              s.proto != model::Proto::kPacket && s.cookie != 0;
  if (view.cgroup && inet_from_diag) {
    const size_t before = out.size();
    AppendCgroup(out, s, view);
    if (before == 0 && out.size() > 0) out.erase(0, 1);  // no leading blank
  }
}

// ss --inet-sockopt's words for the flags of struct inet_diag_sockopt, in
// its order (bit 0 of the first byte first).
void AppendInetSockopt(std::string& out, uint16_t flags) {
  static constexpr std::string_view kNames[] = {
      "recverr", "is_icsk",  "freebind",          "hdrincl",         "mc_loop",      "transparent",
      "mc_all",  "nodefrag", "bind_addr_no_port", "recverr_rfc4884", "defer_connect"};
  out += "inet-sockopt: (";
  for (size_t bit = 0; bit < std::size(kNames); ++bit) {
    if (flags & (1u << bit)) {
      out += ' ';
      out += kNames[bit];
    }
  }
  out += ')';
}

// ss's second line (-m, -i): a tab, then " skmem:(...)" and the tcp_info
// fields, each after a space.
void AppendMemory(std::string& out, const model::MemInfo& m) {
  fmt::format_to(std::back_inserter(out), " skmem:(r{},rb{},t{},tb{},f{},w{},o{},bl{},d{})",
                 m.rmem_alloc, m.rcvbuf, m.wmem_alloc, m.sndbuf, m.fwd_alloc, m.wmem_queued,
                 m.optmem, m.backlog, m.drops);
}

// ss -e's lines for a packet socket, each after a newline and a tab: its
// version, copy threshold and flags, its rings, its fanout group. Empty when
// the source told none of them (/proc/net/packet). `oneline` (-O): each
// after a blank instead, as ss.
void AppendPacketDetails(std::string& out, const model::PacketInfo& p, bool oneline) {
  auto it = std::back_inserter(out);
  auto line = [&] { out += oneline ? " " : out.empty() ? "\t" : "\n\t"; };
  if (p.details) {
    line();
    fmt::format_to(it, "ver:{} cpy_thresh:{} flags( ", p.details->version, p.details->copy_thresh);
    const uint32_t flags = p.details->flags;
    // ss's words and spacing (PDI_RUNNING, _AUXDATA, _ORIGDEV, _VNETHDR, _LOSS).
    if (flags & 0x1) out += "running";
    if (flags & 0x2) out += " auxdata";
    if (flags & 0x4) out += " origdev";
    if (flags & 0x8) out += " vnethdr";
    if (flags & 0x10) out += " loss";
    if (flags == 0) out += '0';
    out += " )";
  }
  auto ring = [&](std::string_view name, const model::PacketRing& r) {
    line();
    fmt::format_to(it, "{}(blk_size:{},blk_nr:{},frm_size:{},frm_nr:{},tmo:{},features:{:#x})",
                   name, static_cast<int32_t>(r.block_size), static_cast<int32_t>(r.block_nr),
                   static_cast<int32_t>(r.frame_size), static_cast<int32_t>(r.frame_nr),
                   static_cast<int32_t>(r.retire_tmo), r.features);
  };
  if (p.rx_ring) ring("ring_rx", *p.rx_ring);
  if (p.tx_ring) ring("ring_tx", *p.tx_ring);
  if (p.fanout) {
    line();
    static constexpr std::string_view kTypes[] = {"hash", "lb", "cpu", "roll", "random", "qm"};
    const uint32_t type = (*p.fanout >> 16) & 0xffff;
    fmt::format_to(it, "fanout(id:{},type:", *p.fanout & 0xffff);
    if (type < std::size(kTypes))
      out += kTypes[type];
    else
      fmt::format_to(it, "{:#x}", type);
    out += ')';
  }
}

// A rate as ss prints it (sprint_bw): with -n the whole number of bits per
// second, else three significant digits and k/M/G/T.
void AppendRate(std::string& out, double bps, bool numeric) {
  if (numeric) {
    AppendFixed0(out, bps);
  } else if (bps >= 1e12) {
    AppendG3(out, bps / 1e12);
    out += 'T';
  } else if (bps >= 1e9) {
    AppendG3(out, bps / 1e9);
    out += 'G';
  } else if (bps >= 1e6) {
    AppendG3(out, bps / 1e6);
    out += 'M';
  } else if (bps >= 1e3) {
    AppendG3(out, bps / 1e3);
    out += 'k';
  } else {
    out += fmt::sprintf("%g", bps);
  }
}

// ss -i's fields (iproute2 6.1, tcp_stats_print), in its order, with its
// omissions: a field that is zero (or the kernel's "unset" value) is left out.
void AppendTcpInfo(std::string& out, const model::Socket& s, const SocketView& view) {
  const auto& t = *s.tcp_info;
  auto add = [&out](const char* format, auto... values) { out += fmt::sprintf(format, values...); };
  // " label" and an unsigned number, as %u and %llu print it.
  auto number = [&out](std::string_view label, uint64_t value) {
    out += label;
    fmt::format_int text(value);
    out.append(text.data(), text.size());
  };
  auto millis = [&out](std::string_view label, uint64_t us) {
    out += label;
    AppendMillisecondsG(out, us);
  };
  if (view.timers || view.extended) {
    if (t.options & TCPI_OPT_TIMESTAMPS) out += " ts";
    if (t.options & TCPI_OPT_SACK) out += " sack";
    if (t.options & TCPI_OPT_ECN) out += " ecn";
    if (t.options & TCPI_OPT_ECN_SEEN) out += " ecnseen";
    if (t.options & TCPI_OPT_SYN_DATA) out += " fastopen";
  }
  if (!s.congestion.empty()) {
    out += ' ';
    base::AppendEscapedForTerminal(out, s.congestion);
  }
  if (t.options & TCPI_OPT_WSCALE) {
    number(" wscale:", t.snd_wscale);
    number(",", t.rcv_wscale);
  }
  if (t.rto_us && t.rto_us != 3000000) millis(" rto:", t.rto_us);
  if (t.backoff) number(" backoff:", t.backoff);
  if (t.rtt_us) {
    millis(" rtt:", t.rtt_us);
    millis("/", t.rttvar_us);
  }
  if (t.ato_us) millis(" ato:", t.ato_us);
  if (t.snd_mss) number(" mss:", t.snd_mss);
  if (t.pmtu) number(" pmtu:", t.pmtu);
  if (t.rcv_mss) number(" rcvmss:", t.rcv_mss);
  if (t.advmss) number(" advmss:", t.advmss);
  if (t.snd_cwnd) number(" cwnd:", t.snd_cwnd);
  if (t.snd_ssthresh && t.snd_ssthresh < 0xffff) number(" ssthresh:", t.snd_ssthresh);
  if (t.bytes_sent) number(" bytes_sent:", t.bytes_sent);
  if (t.bytes_retrans) number(" bytes_retrans:", t.bytes_retrans);
  if (t.bytes_acked) number(" bytes_acked:", t.bytes_acked);
  if (t.bytes_received) number(" bytes_received:", t.bytes_received);
  if (t.segs_out) number(" segs_out:", t.segs_out);
  if (t.segs_in) number(" segs_in:", t.segs_in);
  if (t.data_segs_out) number(" data_segs_out:", t.data_segs_out);
  if (t.data_segs_in) number(" data_segs_in:", t.data_segs_in);
  if (t.dctcp && t.dctcp->enabled) {
    add(" dctcp:(ce_state:%u,alpha:%u,ab_ecn:%u,ab_tot:%u)", t.dctcp->ce_state, t.dctcp->alpha,
        t.dctcp->ab_ecn, t.dctcp->ab_tot);
  } else if (t.dctcp) {
    out += " dctcp:fallback_mode";
  }
  if (t.bbr) {
    out += " bbr:(bw:";
    AppendRate(out, static_cast<double>(t.bbr->bw_Bps) * 8.0, view.numeric);
    add("bps,mrtt:%g", t.bbr->min_rtt_us / 1000.0);
    if (t.bbr->pacing_gain) add(",pacing_gain:%g", t.bbr->pacing_gain / 256.0);
    if (t.bbr->cwnd_gain) add(",cwnd_gain:%g", t.bbr->cwnd_gain / 256.0);
    out += ')';
  }
  const double rtt = t.vegas_rtt_us ? t.vegas_rtt_us : t.rtt_us;
  if (rtt > 0 && t.snd_mss && t.snd_cwnd) {
    out += " send ";
    AppendRate(out, static_cast<double>(t.snd_cwnd) * t.snd_mss * 8000000.0 / rtt, view.numeric);
    out += "bps";
  }
  if (t.last_send_ms) number(" lastsnd:", t.last_send_ms);
  if (t.last_recv_ms) number(" lastrcv:", t.last_recv_ms);
  if (t.last_ack_ms) number(" lastack:", t.last_ack_ms);
  if (t.pacing_rate_Bps && t.pacing_rate_Bps != ~0ULL) {
    out += " pacing_rate ";
    AppendRate(out, static_cast<double>(t.pacing_rate_Bps) * 8.0, view.numeric);
    out += "bps";
    if (t.max_pacing_rate_Bps && t.max_pacing_rate_Bps != ~0ULL) {
      out += '/';
      AppendRate(out, static_cast<double>(t.max_pacing_rate_Bps) * 8.0, view.numeric);
      out += "bps";
    }
  }
  if (t.delivery_rate_Bps) {
    out += " delivery_rate ";
    AppendRate(out, static_cast<double>(t.delivery_rate_Bps) * 8.0, view.numeric);
    out += "bps";
  }
  if (t.delivered) number(" delivered:", t.delivered);
  if (t.delivered_ce) number(" delivered_ce:", t.delivered_ce);
  if (t.app_limited) out += " app_limited";
  if (t.busy_us) {
    add(" busy:%llums", static_cast<unsigned long long>(t.busy_us / 1000));
    if (t.rwnd_limited_us)
      add(" rwnd_limited:%llums(%.1f%%)", static_cast<unsigned long long>(t.rwnd_limited_us / 1000),
          100.0 * static_cast<double>(t.rwnd_limited_us) / static_cast<double>(t.busy_us));
    if (t.sndbuf_limited_us)
      add(" sndbuf_limited:%llums(%.1f%%)",
          static_cast<unsigned long long>(t.sndbuf_limited_us / 1000),
          100.0 * static_cast<double>(t.sndbuf_limited_us) / static_cast<double>(t.busy_us));
  }
  if (t.unacked) number(" unacked:", t.unacked);
  if (t.retransmits || t.total_retrans) {
    number(" retrans:", t.retransmits);
    number("/", t.total_retrans);
  }
  if (t.lost) number(" lost:", t.lost);
  if (t.sacked && s.state != model::State::kListen) number(" sacked:", t.sacked);
  if (t.dsack_dups) number(" dsack_dups:", t.dsack_dups);
  if (t.fackets) number(" fackets:", t.fackets);
  if (t.reordering != 3) add(" reordering:%d", t.reordering);
  if (t.reord_seen) add(" reord_seen:%d", t.reord_seen);
  if (t.rcv_rtt_us) millis(" rcv_rtt:", t.rcv_rtt_us);
  if (t.rcv_space) add(" rcv_space:%d", t.rcv_space);
  if (t.rcv_ssthresh) number(" rcv_ssthresh:", t.rcv_ssthresh);
  if (t.notsent_bytes) number(" notsent:", t.notsent_bytes);
  if (t.min_rtt_us && t.min_rtt_us != ~0U) millis(" minrtt:", t.min_rtt_us);
  if (t.rcv_ooopack) number(" rcv_ooopack:", t.rcv_ooopack);
  if (t.snd_wnd) number(" snd_wnd:", t.snd_wnd);
}

}  // namespace

SocketTableWriter::SocketTableWriter(const SocketView& view, size_t expected_rows) : view_(view) {
  std::vector<Table::Column> columns;
  const NetnsIdentity* identity = view.netns ? view.identity : nullptr;
  if (view.netns) columns.push_back(column::kNetns);
  if (identity && identity->container_column()) columns.push_back(column::kContainer);
  if (identity && identity->pod_column()) columns.push_back(column::kPod);
  if (view.netid_column) columns.push_back(column::kNetid);
  if (view.state_column) columns.push_back(column::kState);
  for (const auto& c : {column::kRecvQ, column::kSendQ, column::kLocal, column::kPeer})
    columns.push_back(c);
  // ss prints the Process heading whatever the flags; owners, timers and
  // -e's fields share the column.
  columns.push_back(column::kProcess);
  table_ = std::make_unique<Table>(std::move(columns));
  table_->Reserve(expected_rows, 64);  // "tcp ESTAB 0 0 " and two address:port cells
}

SocketTableWriter::~SocketTableWriter() = default;

void SocketTableWriter::Add(const model::Socket& s, std::span<const model::Owner> owners) {
  const SocketView& view = view_;
  Table& table = *table_;
  const NetnsIdentity* identity = view.netns ? view.identity : nullptr;
  if (view.netns) {
    fmt::format_to(std::back_inserter(table.CellBuffer()), "{}", s.netns);
    table.CommitCell();
  }
  if (identity && identity->container_column()) table.AddCell(identity->ContainerCell(s.netns));
  if (identity && identity->pod_column()) table.AddCell(identity->PodCell(s.netns));
  if (view.netid_column) table.AddCell(model::NetidName(s.proto, s.socket_type));
  if (view.state_column) table.AddCell(TableStateName(s));
  fmt::format_to(std::back_inserter(table.CellBuffer()), "{}", s.recv_q);
  table.CommitCell();
  if (s.send_q_known)
    fmt::format_to(std::back_inserter(table.CellBuffer()), "{}", s.send_q);
  else
    table.CellBuffer() += '-';
  table.CommitCell();
  std::string dev;
  if (s.interface != 0) dev = InterfaceName(view.interface_names, s);
  AppendLocalColumn(table.CellBuffer(), s, view.services, view.hosts, dev);
  table.CommitCell();
  AppendPeerColumn(table.CellBuffer(), s, view.services, view.hosts);
  table.CommitCell();
  std::string& scratch = scratch_;
  std::string& second = second_;  // ss's second line(s): packet -e details, inet-sockopt, -m/-i
  scratch.clear();
  if (view.processes && s.inode != 0) AppendProcessColumn(scratch, owners);
  // ss prints UNIX, netlink and packet memory on the row itself: UNIX
  // before its -e fields, netlink and packet after them (a packet
  // socket's on the last of its -e lines, which come first in `second`).
  second.clear();
  if (view.extended && s.packet) AppendPacketDetails(second, *s.packet, view.oneline);
  const bool same_line_memory = s.proto == model::Proto::kUnix ||
                                s.proto == model::Proto::kNetlink ||
                                s.proto == model::Proto::kPacket;
  if (view.memory && s.mem && s.proto == model::Proto::kUnix) AppendMemory(scratch, *s.mem);
  AppendOptionsAndDetails(scratch, s, view);
  if (view.memory && s.mem && s.proto != model::Proto::kUnix && same_line_memory)
    AppendMemory(second.empty() ? scratch : second, *s.mem);
  const bool memory_line = view.memory && s.mem && !same_line_memory;
  const bool info_line = view.tcp_info && s.tcp_info;
  if (view.inet_sockopt && (s.inet_extras_known & model::Socket::kSockoptKnown)) {
    second += view.oneline ? " " : "\t";
    AppendInetSockopt(second, s.inet_sockopt);
  }
  if (memory_line || info_line) {
    // The fields start with a blank; on a line of their own after a tab.
    if (!view.oneline) second += second.empty() ? "\t" : "\n\t";
    if (memory_line) AppendMemory(second, *s.mem);
    if (info_line) AppendTcpInfo(second, s, view);
  }
  if (view.oneline) {  // ss --oneline: the same fields, on the row
    scratch += second;
    second.clear();
  }
  table.AddCell(scratch);
  if (!second.empty()) table.SetTrailer(second);
  table.EndRow();
}

void SocketTableWriter::AddBounded(const model::Socket& s, std::span<const model::Owner> owners,
                                   std::string& out, const FlushOutput& flush) {
  Add(s, owners);
  if (held_bytes() >= kHeldTableBytes) Render(out, flush);
}

void SocketTableWriter::Render(std::string& out, const FlushOutput& flush) {
  table_->Render(out, view_.header, flush);
}

size_t SocketTableWriter::held_bytes() const { return table_->held_bytes(); }

void RenderSocketTable(const model::Snapshot& snapshot, const std::vector<size_t>& indices,
                       const SocketView& view, std::string& out) {
  SocketView with_names = view;
  if (!with_names.interface_names) with_names.interface_names = &snapshot.interface_names;
  SocketTableWriter writer(with_names, indices.size());
  for (size_t index : indices) {
    const model::Socket& s = snapshot.sockets[index];
    writer.Add(s, view.processes && s.inode ? snapshot.owners.Find(s.inode)
                                            : std::span<const model::Owner>{});
  }
  writer.Render(out);
}

void OrderAsSs(const model::Snapshot& snapshot, std::vector<size_t>& indices) {
  auto rank = [](model::Proto p) -> size_t {
    switch (p) {
      case model::Proto::kNetlink:
        return 0;
      case model::Proto::kPacket:
        return 1;
      case model::Proto::kUnix:
        return 2;
      case model::Proto::kRaw:
        return 3;
      case model::Proto::kUdp:
        return 4;
      case model::Proto::kTcp:
        return 5;
      case model::Proto::kMptcp:
        return 6;
    }
    return 5;
  };
  constexpr size_t kRanks = 7;
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
