#include "netlink/inet_diag.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include <fmt/format.h>

#include "netlink/attributes.h"
#include "netlink/sk_meminfo.h"

namespace sockscope::netlink {
namespace {

using base::ErrorKind;
using base::MakeError;
using base::Result;

// Attribute numbers are fixed kernel ABI; the request bit for attribute N is 1 << (N - 1).
constexpr uint8_t ExtBit(int attribute) { return static_cast<uint8_t>(1u << (attribute - 1)); }

void DecodeTcpInfo(std::span<const uint8_t> payload, model::TcpInfo& out) {
  // Kernels send the tcp_info size they know: older ones less, newer ones more.
  tcp_info info{};
  std::memcpy(&info, payload.data(), std::min(payload.size(), sizeof info));
  out.rtt_us = info.tcpi_rtt;
  out.rttvar_us = info.tcpi_rttvar;
  out.snd_cwnd = info.tcpi_snd_cwnd;
  out.snd_ssthresh = info.tcpi_snd_ssthresh;
  out.rto_us = info.tcpi_rto;
  out.ato_us = info.tcpi_ato;
  out.snd_mss = info.tcpi_snd_mss;
  out.rcv_mss = info.tcpi_rcv_mss;
  out.retransmits = info.tcpi_retransmits;
  out.total_retrans = info.tcpi_total_retrans;
  out.lost = info.tcpi_lost;
  out.unacked = info.tcpi_unacked;
  out.backoff = info.tcpi_backoff;
  out.last_send_ms = info.tcpi_last_data_sent;
  out.last_recv_ms = info.tcpi_last_data_recv;
  out.bytes_acked = info.tcpi_bytes_acked;
  out.bytes_received = info.tcpi_bytes_received;
  out.pacing_rate_Bps = info.tcpi_pacing_rate;
  out.min_rtt_us = info.tcpi_min_rtt;
  constexpr size_t kDeliveryEnd = offsetof(tcp_info, tcpi_delivery_rate) + sizeof(uint64_t);
  out.has_delivery_rate = payload.size() >= kDeliveryEnd;
  if (out.has_delivery_rate) out.delivery_rate_Bps = info.tcpi_delivery_rate;
  out.options = info.tcpi_options;
  out.snd_wscale = info.tcpi_snd_wscale;
  out.rcv_wscale = info.tcpi_rcv_wscale;
  out.pmtu = info.tcpi_pmtu;
  out.advmss = info.tcpi_advmss;
  out.rcv_space = info.tcpi_rcv_space;
  out.rcv_ssthresh = info.tcpi_rcv_ssthresh;
  out.last_ack_ms = info.tcpi_last_ack_recv;
  out.sacked = info.tcpi_sacked;
  out.fackets = info.tcpi_fackets;
  out.reordering = info.tcpi_reordering;
  out.reord_seen = info.tcpi_reord_seen;
  out.dsack_dups = info.tcpi_dsack_dups;
  out.rcv_rtt_us = info.tcpi_rcv_rtt;
  out.rcv_ooopack = info.tcpi_rcv_ooopack;
  out.snd_wnd = info.tcpi_snd_wnd;
  out.notsent_bytes = info.tcpi_notsent_bytes;
  out.segs_out = info.tcpi_segs_out;
  out.segs_in = info.tcpi_segs_in;
  out.data_segs_out = info.tcpi_data_segs_out;
  out.data_segs_in = info.tcpi_data_segs_in;
  out.delivered = info.tcpi_delivered;
  out.delivered_ce = info.tcpi_delivered_ce;
  out.app_limited = info.tcpi_delivery_rate_app_limited != 0;
  out.bytes_sent = info.tcpi_bytes_sent;
  out.bytes_retrans = info.tcpi_bytes_retrans;
  out.max_pacing_rate_Bps = info.tcpi_max_pacing_rate;
  out.busy_us = info.tcpi_busy_time;
  out.rwnd_limited_us = info.tcpi_rwnd_limited;
  out.sndbuf_limited_us = info.tcpi_sndbuf_limited;
}

// The congestion control's report; the kernel puts one of the union's
// members under the attribute type of its kind.
void DecodeCongestionInfo(uint16_t type, std::span<const uint8_t> payload, model::TcpInfo& out) {
  tcp_cc_info cc{};
  std::memcpy(&cc, payload.data(), std::min(payload.size(), sizeof cc));
  if (type == INET_DIAG_BBRINFO) {
    model::TcpInfo::Bbr bbr;
    bbr.bw_Bps = (static_cast<uint64_t>(cc.bbr.bbr_bw_hi) << 32) | cc.bbr.bbr_bw_lo;
    bbr.min_rtt_us = cc.bbr.bbr_min_rtt;
    bbr.pacing_gain = cc.bbr.bbr_pacing_gain;
    bbr.cwnd_gain = cc.bbr.bbr_cwnd_gain;
    out.bbr = bbr;
  } else if (type == INET_DIAG_VEGASINFO) {
    if (cc.vegas.tcpv_enabled && cc.vegas.tcpv_rtt != 0 && cc.vegas.tcpv_rtt != 0x7fffffff)
      out.vegas_rtt_us = cc.vegas.tcpv_rtt;
  } else if (type == INET_DIAG_DCTCPINFO) {
    model::TcpInfo::Dctcp d;
    d.enabled = cc.dctcp.dctcp_enabled != 0;
    d.ce_state = cc.dctcp.dctcp_ce_state;
    d.alpha = cc.dctcp.dctcp_alpha;
    d.ab_ecn = cc.dctcp.dctcp_ab_ecn;
    d.ab_tot = cc.dctcp.dctcp_ab_tot;
    out.dctcp = d;
  }
}

void DecodeAddress(const uint32_t words[4], model::Family family, model::IpAddr& out) {
  out.family = family;
  out.bytes = {};
  std::memcpy(out.bytes.data(), words, family == model::Family::kInet ? 4 : 16);
}

}  // namespace

uint32_t IpProtocol(model::Proto proto) {
  switch (proto) {
    case model::Proto::kUdp:
      return IPPROTO_UDP;
    case model::Proto::kRaw:
      return IPPROTO_RAW;
    case model::Proto::kMptcp:
      return IPPROTO_MPTCP;
    case model::Proto::kTcp:
    case model::Proto::kUnix:
    case model::Proto::kPacket:
    case model::Proto::kNetlink:
      break;
  }
  return IPPROTO_TCP;
}

std::vector<uint8_t> BuildInetDiagRequest(const InetDiagQuery& query) {
  const uint32_t protocol = IpProtocol(query.proto);
  model::StateMask states = query.states;
  // Half-open requests are kept as TCP_NEW_SYN_RECV (4.4+); ask for them with SYN-RECV.
  if (states & model::StateBit(model::State::kSynRecv))
    states |= model::StateBit(model::State::kNewSynRecv);
  uint8_t ext = 0;
  if (query.want_info) ext |= ExtBit(INET_DIAG_INFO);
  if (query.want_memory) ext |= ExtBit(INET_DIAG_SKMEMINFO);
  // The TCLASS bit also asks for the class id (whose own bit, 17, does not
  // fit the 8-bit field), as ss --tos.
  if (query.want_tos) {
    ext |= ExtBit(INET_DIAG_TOS);
    ext |= ExtBit(INET_DIAG_TCLASS);
  }
  if (query.want_congestion) {
    // The algorithm's name and its own report (its kind's attribute: BBR,
    // Vegas, DCTCP), as ss -i asks for both.
    ext |= ExtBit(INET_DIAG_CONG);
    ext |= ExtBit(INET_DIAG_VEGASINFO);
  }
  std::vector<uint8_t> bytes;
  if (query.both_families) {
    inet_diag_req req{};  // the protocol is the message type's (TCP)
    req.idiag_family = AF_UNSPEC;
    req.idiag_ext = ext;
    req.idiag_states = states;
    bytes.resize(sizeof req);
    std::memcpy(bytes.data(), &req, sizeof req);
  } else {
    inet_diag_req_v2 req{};
    req.sdiag_family = query.family == model::Family::kInet6 ? AF_INET6 : AF_INET;
    // sdiag_protocol is 8 bits: MPTCP (262) goes in INET_DIAG_REQ_PROTOCOL,
    // the low byte in the header as ss sends it.
    req.sdiag_protocol = static_cast<uint8_t>(protocol & 0xff);
    req.idiag_states = states;
    req.idiag_ext = ext;
    bytes.resize(sizeof req);
    std::memcpy(bytes.data(), &req, sizeof req);
  }
  auto put_attribute = [&bytes](uint16_t type, const void* data, size_t size) {
    nlattr attr{};
    attr.nla_type = type;
    attr.nla_len = static_cast<uint16_t>(NLA_HDRLEN + size);
    const size_t at = bytes.size();
    bytes.resize(at + NLA_ALIGN(attr.nla_len));
    std::memcpy(bytes.data() + at, &attr, sizeof attr);
    std::memcpy(bytes.data() + at + NLA_HDRLEN, data, size);
  };
  if (!query.bytecode.empty())
    put_attribute(INET_DIAG_REQ_BYTECODE, query.bytecode.data(), query.bytecode.size());
  if (protocol > 0xff) put_attribute(INET_DIAG_REQ_PROTOCOL, &protocol, sizeof protocol);
  return bytes;
}

uint16_t InetDiagMessageType(const InetDiagQuery& query) {
  return query.both_families ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY;
}

Result<void> DecodeInetDiag(std::span<const uint8_t> payload, model::Proto proto,
                            model::Socket& out) {
  if (payload.size() < sizeof(inet_diag_msg))
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("inet_diag message of {} bytes, expected at least {}",
                                 payload.size(), sizeof(inet_diag_msg)));
  inet_diag_msg msg;
  std::memcpy(&msg, payload.data(), sizeof msg);
  model::Family family;
  if (msg.idiag_family == AF_INET)
    family = model::Family::kInet;
  else if (msg.idiag_family == AF_INET6)
    family = model::Family::kInet6;
  else
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("inet_diag message with address family {}", msg.idiag_family));
  if (msg.idiag_state == 0 || msg.idiag_state > model::kMaxState)
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("inet_diag message with state {}", msg.idiag_state));

  model::ResetSocket(out);
  out.proto = proto;
  out.family = family;
  out.state = static_cast<model::State>(msg.idiag_state);
  if (out.state == model::State::kNewSynRecv) out.state = model::State::kSynRecv;
  out.recv_q = msg.idiag_rqueue;
  out.send_q = msg.idiag_wqueue;
  out.uid = msg.idiag_uid;
  out.timer = msg.idiag_timer;
  out.timer_retrans = msg.idiag_retrans;
  out.timer_expires_ms = msg.idiag_expires;
  out.inode = msg.idiag_inode;
  out.interface = msg.id.idiag_if;
  out.cookie = (static_cast<uint64_t>(msg.id.idiag_cookie[1]) << 32) | msg.id.idiag_cookie[0];
  out.local.port = ntohs(msg.id.idiag_sport);
  out.peer.port = ntohs(msg.id.idiag_dport);
  DecodeAddress(msg.id.idiag_src, family, out.local.addr);
  DecodeAddress(msg.id.idiag_dst, family, out.peer.addr);

  AttributeWalker walker(payload.subspan(NLMSG_ALIGN(sizeof(inet_diag_msg))));
  Attribute attr;
  std::optional<Attribute> congestion_info;
  while (walker.Next(attr)) {
    switch (attr.type) {
      case INET_DIAG_INFO:
        if (proto == model::Proto::kTcp && !attr.payload.empty()) {
          out.tcp_info.emplace();
          DecodeTcpInfo(attr.payload, *out.tcp_info);
        }
        break;
      case INET_DIAG_VEGASINFO:
      case INET_DIAG_BBRINFO:
      case INET_DIAG_DCTCPINFO:
        congestion_info = attr;  // applied once tcp_info is known, whatever the order
        break;
      case INET_DIAG_SKMEMINFO:
        out.mem = DecodeSkMemInfo(attr.payload);
        break;
      case INET_DIAG_SKV6ONLY: {
        // Sent for AF_INET6 sockets in LISTEN or CLOSE: whether a `::`
        // listener refuses IPv4-mapped connections.
        uint8_t v6only = 0;
        if (ReadScalar(attr.payload, v6only)) {
          out.v6only = v6only != 0;
          out.v6only_known = true;
        }
        break;
      }
      case INET_DIAG_SHUTDOWN: {
        uint8_t mask = 0;
        if (ReadScalar(attr.payload, mask)) {
          out.shutdown = mask;
          out.shutdown_known = true;
        }
        break;
      }
      case INET_DIAG_CGROUP_ID: {
        uint64_t id = 0;
        if (ReadScalar(attr.payload, id)) out.cgroup_id = id;
        break;
      }
      case INET_DIAG_MARK: {
        uint32_t mark = 0;
        if (ReadScalar(attr.payload, mark)) out.mark = mark;
        break;
      }
      case INET_DIAG_TOS:
        if (ReadScalar(attr.payload, out.tos)) out.inet_extras_known |= model::Socket::kTosKnown;
        break;
      case INET_DIAG_TCLASS:
        if (ReadScalar(attr.payload, out.tclass))
          out.inet_extras_known |= model::Socket::kTclassKnown;
        break;
      case INET_DIAG_CLASS_ID:
        if (ReadScalar(attr.payload, out.class_id))
          out.inet_extras_known |= model::Socket::kClassIdKnown;
        break;
      case INET_DIAG_SOCKOPT:
        // Two bytes of flags (struct inet_diag_sockopt), kept as sent.
        if (attr.payload.size() >= 2) {
          out.inet_sockopt = static_cast<uint16_t>(attr.payload[0] | (attr.payload[1] << 8));
          out.inet_extras_known |= model::Socket::kSockoptKnown;
        }
        break;
      case INET_DIAG_CONG: {
        // A NUL-terminated name; never trust the terminator to be there.
        auto bytes = attr.payload;
        size_t n = 0;
        while (n < bytes.size() && n < 16 && bytes[n] != 0) ++n;
        out.congestion.assign(reinterpret_cast<const char*>(bytes.data()), n);
        break;
      }
      default:
        break;
    }
  }
  if (walker.failed()) return walker.error().Wrap("inet_diag attributes");
  if (congestion_info && out.tcp_info)
    DecodeCongestionInfo(congestion_info->type, congestion_info->payload, *out.tcp_info);
  return {};
}

}  // namespace sockscope::netlink
