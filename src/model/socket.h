// Socket: one socket as sockscope knows it, whatever source it came from
// (sock_diag, /proc/net, a replayed dump). Plain value type; kernel field names
// stop at the decoders, the words here are the project's (docs/design.md).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/boxed.h"
#include "model/heap_text.h"

namespace sockscope::model {

// kRaw: raw IP sockets (their "port" is the IP protocol, as the kernel and
// ss report it); kMptcp: multipath TCP sockets (the kernel's own table;
// their subflows are TCP sockets in the TCP table); kNetlink: netlink
// sockets (family kNetlink, their ends in Socket::netlink); kPacket: packet
// sockets (family kPacket, what they capture in Socket::packet).
enum class Proto : uint8_t { kTcp, kUdp, kUnix, kRaw, kMptcp, kNetlink, kPacket };
enum class Family : uint8_t { kInet, kInet6, kUnix, kNetlink, kPacket };
// The type of a UNIX or packet socket (SOCK_STREAM, ...): ss lists each type
// as a table of its own (u_str, u_dgr, u_seq, p_raw, p_dgr). kNone for the
// other protocols, whose type the protocol implies.
enum class SocketType : uint8_t { kNone, kStream, kDgram, kSeqpacket, kRaw };

// TCP states with the kernel's numbering (include/net/tcp_states.h), so a
// state mask bit is 1 << value as in sock_diag requests.
enum class State : uint8_t {
  kUnknown = 0,
  kEstablished = 1,
  kSynSent = 2,
  kSynRecv = 3,
  kFinWait1 = 4,
  kFinWait2 = 5,
  kTimeWait = 6,
  kClose = 7,
  kCloseWait = 8,
  kLastAck = 9,
  kListen = 10,
  kClosing = 11,
  kNewSynRecv = 12,  // kernel-internal request sock; reported as SYN-RECV
};
constexpr int kMaxState = 12;

using StateMask = uint32_t;
constexpr StateMask StateBit(State s) { return StateMask{1} << static_cast<unsigned>(s); }
constexpr StateMask kAllStates = (StateMask{1} << (kMaxState + 1)) - 2;  // all but kUnknown

// "ESTABLISHED", "SYN-RECV", ... (the kernel's names as ss prints them).
std::string_view StateName(State s);
// Parses the names above (case-insensitive, '-' or '_'); nullopt when unknown.
std::optional<State> ParseStateName(std::string_view name);

std::string_view ProtoName(Proto p);    // "tcp", "udp", "unix", "raw", "mptcp", "netlink", "packet"
std::string_view FamilyName(Family f);  // "inet", "inet6", "unix", "netlink", "packet"
std::string_view SocketTypeName(SocketType t);  // "stream", "dgram", "seqpacket", "raw"
// ss's Netid column: tcp, udp, raw, mptcp, nl, u_str, u_dgr, u_seq, p_raw, p_dgr.
std::string_view NetidName(Proto p, SocketType t);

// An IPv4 or IPv6 address in network byte order.
struct IpAddr {
  Family family = Family::kInet;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4

  bool IsUnspecified() const;    // 0.0.0.0 or ::
  bool IsV4Mapped() const;       // ::ffff:a.b.c.d
  IpAddr UnmappedV4() const;     // ::ffff:a.b.c.d -> a.b.c.d (else itself)
  std::string ToString() const;  // inet_ntop form
  // Appends the same text without a temporary; IPv4 without inet_ntop, which
  // goes through sprintf and shows up in profiles at 100k sockets.
  void AppendTo(std::string& out) const;
  bool operator==(const IpAddr&) const = default;
};

// Parses "127.0.0.1" or "::1" (no brackets); nullopt on anything else.
std::optional<IpAddr> ParseIpAddr(std::string_view text);

struct Endpoint {
  IpAddr addr;
  uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

// A subset of struct tcp_info (linux/tcp.h), in the units ss prints.
struct TcpInfo {
  uint32_t rtt_us = 0;
  uint32_t rttvar_us = 0;
  uint32_t snd_cwnd = 0;
  uint32_t snd_ssthresh = 0;
  uint32_t rto_us = 0;
  uint32_t ato_us = 0;
  uint32_t snd_mss = 0;
  uint32_t rcv_mss = 0;
  uint32_t retransmits = 0;  // current unrecovered retransmits
  uint32_t total_retrans = 0;
  uint32_t lost = 0;
  uint32_t unacked = 0;
  uint32_t backoff = 0;
  uint64_t bytes_acked = 0;
  uint64_t bytes_received = 0;
  uint64_t delivery_rate_Bps = 0;  // bytes per second
  uint64_t pacing_rate_Bps = 0;
  uint32_t last_send_ms = 0;
  uint32_t last_recv_ms = 0;
  uint32_t min_rtt_us = 0;
  bool has_delivery_rate = false;  // older kernels send a shorter tcp_info
  // The rest of what ss -i prints (fields a kernel does not send stay 0).
  uint8_t options = 0;  // TCPI_OPT_* bits: timestamps, sack, wscale, ecn...
  uint8_t snd_wscale = 0, rcv_wscale = 0;
  uint32_t pmtu = 0, advmss = 0, rcv_space = 0, rcv_ssthresh = 0;
  uint32_t last_ack_ms = 0;
  uint32_t sacked = 0, fackets = 0, reordering = 0, reord_seen = 0, dsack_dups = 0;
  uint32_t rcv_rtt_us = 0, rcv_ooopack = 0, snd_wnd = 0, notsent_bytes = 0;
  uint32_t segs_out = 0, segs_in = 0, data_segs_out = 0, data_segs_in = 0;
  uint32_t delivered = 0, delivered_ce = 0;
  bool app_limited = false;
  uint64_t bytes_sent = 0, bytes_retrans = 0;
  uint64_t max_pacing_rate_Bps = 0;
  uint64_t busy_us = 0, rwnd_limited_us = 0, sndbuf_limited_us = 0;
  // The congestion control's own report (INET_DIAG_BBRINFO, _VEGASINFO,
  // _DCTCPINFO), as ss -i prints it.
  struct Bbr {
    uint64_t bw_Bps = 0;
    uint32_t min_rtt_us = 0, pacing_gain = 0, cwnd_gain = 0;  // gains in 1/256
  };
  std::optional<Bbr> bbr;
  uint32_t vegas_rtt_us = 0;  // 0: none (then rtt_us gives "send")
  struct Dctcp {
    bool enabled = false;
    uint16_t ce_state = 0;
    uint32_t alpha = 0, ab_ecn = 0, ab_tot = 0;
  };
  std::optional<Dctcp> dctcp;
};

// INET_DIAG_SKMEMINFO / UNIX_DIAG_MEMINFO (SK_MEMINFO_*), bytes.
struct MemInfo {
  uint32_t rmem_alloc = 0;
  uint32_t rcvbuf = 0;
  uint32_t wmem_alloc = 0;
  uint32_t sndbuf = 0;
  uint32_t fwd_alloc = 0;
  uint32_t wmem_queued = 0;
  uint32_t optmem = 0;
  uint32_t backlog = 0;
  uint32_t drops = 0;  // sk_drops: ss prints it as d<N>
};

// The file a bound UNIX socket's path names (unix_diag UNIX_DIAG_VFS): its
// inode and the device of its file system, as the kernel encodes it.
struct UnixFile {
  uint32_t inode = 0;
  uint32_t device = 0;
};

// A netlink socket's ends (netlink_diag): its netlink protocol (0 route, 4
// sock_diag, ...), its port id (the pid of the process for its first
// socket, by convention only) and, when connected, the peer's.
struct NetlinkEnds {
  uint8_t protocol = 0;
  uint32_t portid = 0;
  bool connected = false;
  uint32_t dst_portid = 0;
  uint32_t dst_group = 0;
  uint32_t groups = 0;  // multicast groups joined (the first 32)
  // comm of the process whose pid is the port id, as ss shows it (empty:
  // none, or not looked up).
  std::string portid_comm;
};

// A packet socket's ring buffer (packet_diag PACKET_DIAG_RX_RING/_TX_RING),
// as ss -e prints it.
struct PacketRing {
  uint32_t block_size = 0, block_nr = 0, frame_size = 0, frame_nr = 0;
  uint32_t retire_tmo = 0, features = 0;
};

// What a packet socket captures (packet_diag): the link-layer protocol, host
// order (ETH_P_ALL = 3: every one); the device is Socket::interface (0: all).
// The rest is what ss -e prints on its second line, when the source tells it.
struct PacketInfo {
  uint16_t protocol = 0;
  struct Details {
    uint32_t version = 0;      // TPACKET_V1..V3 as 0..2
    uint32_t copy_thresh = 0;  // PACKET_COPY_THRESH
    uint32_t flags = 0;        // PDI_RUNNING, _AUXDATA, _ORIGDEV, _VNETHDR, _LOSS
  };
  std::optional<Details> details;  // packet_diag PACKET_DIAG_INFO
  std::optional<PacketRing> rx_ring, tx_ring;
  std::optional<uint32_t> fanout;  // id (low 16 bits) and type (high 16)
};

// Fields ordered by size (8, 4, 2, 1 bytes) so no padding is left between
// them: 100k sockets are 18 MB of a snapshot.
struct Socket {
  uint64_t netns = 0;  // network namespace inode (0 when unknown)
  uint64_t inode = 0;
  uint64_t cookie = 0;
  uint64_t unix_peer_inode = 0;
  // The cgroup v2 id of the socket's cgroup (INET_DIAG_CGROUP_ID; 0 unknown).
  uint64_t cgroup_id = 0;
  HeapText unix_path;   // UNIX: bound path ("@name" for abstract), may be empty
  HeapText congestion;  // "cubic", "bbr", ... (empty when not asked or unknown)
  // On the heap when present (model/boxed.h): most listings ask for neither.
  Boxed<TcpInfo> tcp_info;
  Boxed<MemInfo> mem;
  Boxed<NetlinkEnds> netlink;  // kNetlink only
  Boxed<PacketInfo> packet;    // kPacket only
  Boxed<UnixFile> unix_file;   // kUnix with a path, when asked for (ls -e)
  uint32_t recv_q = 0;         // LISTEN: accept queue length
  uint32_t send_q = 0;         // LISTEN: accept queue max (see send_q_known)
  uint32_t uid = 0;
  uint32_t interface = 0;  // bound device index (0: any)
  // The pending TCP timer (inet_diag idiag_timer/idiag_expires/idiag_retrans,
  // shown by `ls -o` as ss does): 0 none, 1 retransmit ("on"), 2 keepalive,
  // 3 TIME-WAIT, 4 zero-window probe ("persist"), 5 delayed ACK.
  uint32_t timer_expires_ms = 0;
  // SO_MARK (INET_DIAG_MARK: the kernel sends it to CAP_NET_ADMIN only; 0
  // otherwise, as for an unmarked socket).
  uint32_t mark = 0;
  // The IPv4 TOS, IPv6 traffic class and class id (INET_DIAG_TOS, _TCLASS,
  // _CLASS_ID: sent when asked for, as ss --tos asks; not for TIME-WAIT and
  // SYN-RECV sockets) and the socket options (INET_DIAG_SOCKOPT, struct
  // inet_diag_sockopt's two bytes; ss --inet-sockopt). Which are known:
  // the kTos... bits of inet_extras_known.
  uint32_t class_id = 0;
  Endpoint local;
  Endpoint peer;
  uint16_t inet_sockopt = 0;
  Proto proto = Proto::kTcp;
  Family family = Family::kInet;
  SocketType socket_type = SocketType::kNone;
  State state = State::kUnknown;
  // False when the source cannot tell Send-Q (a LISTEN socket over /proc has
  // no accept queue max): printed as "-"/null, never as 0.
  bool send_q_known = true;
  uint8_t timer = 0;  // see timer_expires_ms
  uint8_t timer_retrans = 0;
  // IPV6_V6ONLY of an AF_INET6 socket (sock_diag INET_DIAG_SKV6ONLY; over
  // /proc only where a bind to a specific address implies it). False when
  // unknown, which is the Linux default (net.ipv6.bindv6only = 0): a `::`
  // listener then also takes IPv4.
  bool v6only = false;
  bool v6only_known = false;  // the source told (JSON writes v6only only then)
  // shutdown(2) of each direction (sock_diag INET_DIAG_SHUTDOWN: bit 0
  // receive, bit 1 send), shown by `ls -e` as ss's "<->" marks.
  uint8_t shutdown = 0;
  bool shutdown_known = false;
  uint8_t tos = 0, tclass = 0;  // see class_id
  uint8_t inet_extras_known = 0;
  static constexpr uint8_t kTosKnown = 1, kTclassKnown = 2, kClassIdKnown = 4, kSockoptKnown = 8;

  bool IsListener() const { return state == State::kListen; }
};

// `s` made a default Socket again, in place. Not `s = Socket{}`: that
// builds a temporary and copies it over, and the copy's loads wait for the
// temporary's stores, and every store before them, to drain; decoding into
// a vector's pages not yet in cache, that wait serialised the misses
// (4 ms of serve's scrape at 100k sockets).
inline void ResetSocket(Socket& s) {
  std::destroy_at(&s);
  std::construct_at(&s);
}

}  // namespace sockscope::model
