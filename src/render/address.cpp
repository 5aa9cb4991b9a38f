#include "render/address.h"

#include <linux/if_ether.h>

#include <fmt/format.h>

#include "base/escape.h"
#include "render/host_names.h"
#include "render/service_names.h"

namespace sockscope::render {

namespace {

// `dual_stack_any`: an unspecified IPv6 address of a socket without
// IPV6_V6ONLY, which also takes IPv4; ss prints its host as "*".
void AppendEndpointOf(std::string& out, const model::Endpoint& e, const ServiceNames* services,
                      model::Proto proto, bool dual_stack_any, const HostNames* hosts,
                      std::string_view dev = {}) {
  bool v6 = e.addr.family == model::Family::kInet6;
  std::string_view host = hosts && !dual_stack_any ? hosts->Find(e.addr) : std::string_view();
  if (dual_stack_any) {
    out += '*';
  } else if (!host.empty()) {
    base::AppendEscapedForTerminal(out, host);  // a name: no brackets, as ss -r
  } else {
    if (v6) out += '[';
    e.addr.AppendTo(out);
    if (v6) out += ']';
  }
  if (!dev.empty()) {
    out += '%';
    out += dev;
  }
  out += ':';
  std::string_view name = services ? services->Find(proto, e.port) : std::string_view();
  if (e.port == 0) {
    out += '*';
  } else if (!name.empty()) {
    base::AppendEscapedForTerminal(out, name);
  } else {
    char digits[8];
    auto end = fmt::format_to(digits, "{}", e.port);
    out.append(digits, end);
  }
}

bool DualStackAny(const model::Socket& s, const model::Endpoint& e) {
  return e.addr.family == model::Family::kInet6 && !s.v6only && e.addr.IsUnspecified();
}

// iproute2's names of netlink protocols (lib/rt_names.c, nl_proto_tab).
std::string_view NetlinkProtocolName(uint8_t protocol) {
  static constexpr std::string_view kNames[] = {
      "rtnl",  "unused", "usersock",   "fw",        "tcpdiag", "nflog", "xfrm",   "selinux",
      "iscsi", "audit",  "fiblookup",  "connector", "nft",     "ip6fw", "dec-rt", "uevent",
      "genl",  "",       "scsi-trans", "ecryptfs",  "rdma",    "crypto"};
  return protocol < std::size(kNames) ? kNames[protocol] : std::string_view();
}

// iproute2's names of link-layer protocols (lib/ll_proto.c, llproto_names),
// first match wins as there; empty when unnamed.
std::string_view LinkProtocolName(uint16_t protocol) {
  struct Name {
    uint16_t protocol;
    std::string_view name;
  };
  static constexpr Name kNames[] = {
      {ETH_P_LOOP, "loop"},
      {ETH_P_PUP, "pup"},
      {ETH_P_PUPAT, "pupat"},
      {ETH_P_IP, "ip"},
      {ETH_P_X25, "x25"},
      {ETH_P_ARP, "arp"},
      {ETH_P_BPQ, "bpq"},
      {ETH_P_IEEEPUP, "ieeepup"},
      {ETH_P_IEEEPUPAT, "ieeepupat"},
      {ETH_P_DEC, "dec"},
      {ETH_P_DNA_DL, "dna_dl"},
      {ETH_P_DNA_RC, "dna_rc"},
      {ETH_P_DNA_RT, "dna_rt"},
      {ETH_P_LAT, "lat"},
      {ETH_P_DIAG, "diag"},
      {ETH_P_CUST, "cust"},
      {ETH_P_SCA, "sca"},
      {ETH_P_RARP, "rarp"},
      {ETH_P_ATALK, "atalk"},
      {ETH_P_AARP, "aarp"},
      {ETH_P_IPX, "ipx"},
      {ETH_P_IPV6, "ipv6"},
      {ETH_P_PPP_DISC, "ppp_disc"},
      {ETH_P_PPP_SES, "ppp_ses"},
      {ETH_P_ATMMPOA, "atmmpoa"},
      {ETH_P_ATMFATE, "atmfate"},
      {ETH_P_802_3, "802_3"},
      {ETH_P_AX25, "ax25"},
      {ETH_P_ALL, "all"},
      {ETH_P_802_2, "802_2"},
      {ETH_P_SNAP, "snap"},
      {ETH_P_DDCMP, "ddcmp"},
      {ETH_P_WAN_PPP, "wan_ppp"},
      {ETH_P_PPP_MP, "ppp_mp"},
      {ETH_P_LOCALTALK, "localtalk"},
      {ETH_P_CAN, "can"},
      {ETH_P_PPPTALK, "ppptalk"},
      {ETH_P_TR_802_2, "tr_802_2"},
      {ETH_P_MOBITEX, "mobitex"},
      {ETH_P_CONTROL, "control"},
      {ETH_P_IRDA, "irda"},
      {ETH_P_ECONET, "econet"},
      {ETH_P_TIPC, "tipc"},
      {ETH_P_PROFINET, "profinet"},
      {ETH_P_AOE, "aoe"},
      {ETH_P_ETHERCAT, "ethercat"},
      {ETH_P_8021Q, "802.1Q"},
      {ETH_P_8021AD, "802.1ad"},
      {ETH_P_MPLS_UC, "mpls_uc"},
      {ETH_P_MPLS_MC, "mpls_mc"},
      {ETH_P_TEB, "teb"},
      {0x88cc, "LLDP"},
  };
  for (const Name& n : kNames)
    if (n.protocol == protocol) return n.name;
  return {};
}

// ss's packet local column: "PROTOCOL:DEVICE" ("*:*" for every protocol on
// every device, "ip:eth0"), the protocol as "[2048]" with -n.
void AppendPacketLocal(std::string& out, const model::Socket& s, bool names, std::string_view dev) {
  const uint16_t protocol = s.packet->protocol;
  const std::string_view name = names ? LinkProtocolName(protocol) : std::string_view();
  if (protocol == ETH_P_ALL)
    out += '*';
  else if (!name.empty())
    out += name;
  else
    fmt::format_to(std::back_inserter(out), "[{}]", protocol);
  out += ':';
  if (s.interface == 0)
    out += '*';
  else
    out += dev;  // escaped by InterfaceName
}

// ss's netlink local column: "PROTOCOL:PROCESS" ("rtnl:kernel",
// "tcpdiag:ss/1234"), numbers only with -n (services null).
void AppendNetlinkLocal(std::string& out, const model::Socket& s, bool names) {
  const model::NetlinkEnds& n = *s.netlink;
  auto it = std::back_inserter(out);
  const std::string_view protocol = names ? NetlinkProtocolName(n.protocol) : std::string_view();
  if (protocol.empty())
    fmt::format_to(it, "{}:", n.protocol);
  else
    fmt::format_to(it, "{}:", protocol);
  if (!names) {
    fmt::format_to(it, "{}", static_cast<int32_t>(n.portid));
  } else if (n.portid == 0) {
    out += "kernel";
  } else if (!n.portid_comm.empty()) {
    base::AppendEscapedForTerminal(out, n.portid_comm);
    fmt::format_to(it, "/{}", n.portid);
  } else {
    fmt::format_to(it, "{}", static_cast<int32_t>(n.portid));
  }
}

}  // namespace

void AppendEndpoint(std::string& out, const model::Endpoint& e, const ServiceNames* services,
                    model::Proto proto) {
  AppendEndpointOf(out, e, services, proto, false, nullptr);
}

void AppendLocalColumn(std::string& out, const model::Socket& s, const ServiceNames* services,
                       const HostNames* hosts, std::string_view dev) {
  if (s.proto == model::Proto::kUnix) {
    if (s.unix_path.empty())
      out += '*';
    else
      base::AppendEscapedForTerminal(out, s.unix_path);
    fmt::format_to(std::back_inserter(out), " {}", s.inode);
    return;
  }
  if (s.proto == model::Proto::kNetlink && s.netlink) {
    AppendNetlinkLocal(out, s, services != nullptr);
    return;
  }
  if (s.proto == model::Proto::kPacket && s.packet) {
    AppendPacketLocal(out, s, services != nullptr, dev);
    return;
  }
  AppendEndpointOf(out, s.local, services, s.proto, DualStackAny(s, s.local), hosts, dev);
}

void AppendPeerColumn(std::string& out, const model::Socket& s, const ServiceNames* services,
                      const HostNames* hosts) {
  if (s.proto == model::Proto::kUnix) {
    fmt::format_to(std::back_inserter(out), "* {}", s.unix_peer_inode);
    return;
  }
  if (s.proto == model::Proto::kNetlink && s.netlink) {
    if (s.netlink->connected)
      fmt::format_to(std::back_inserter(out), "{}:{}", s.netlink->dst_group,
                     static_cast<int32_t>(s.netlink->dst_portid));
    else
      out += '*';
    return;
  }
  if (s.proto == model::Proto::kPacket) {
    out += '*';
    return;
  }
  AppendEndpointOf(out, s.peer, services, s.proto, DualStackAny(s, s.peer), hosts);
}

std::string InterfaceName(const model::InterfaceNames* names, const model::Socket& s) {
  if (s.interface == 0) return {};
  std::string out;
  auto it = names ? names->find(std::make_pair(s.netns, s.interface))
                  : model::InterfaceNames::const_iterator{};
  if (names && it != names->end())
    base::AppendEscapedForTerminal(out, it->second);
  else
    out = fmt::format("if{}", s.interface);
  return out;
}

std::string_view TableStateName(const model::Socket& s) {
  if (s.proto != model::Proto::kTcp && s.proto != model::Proto::kMptcp &&
      s.state == model::State::kClose)
    return "UNCONN";
  // ss abbreviates this one state in tables (JSON keeps the kernel's name).
  if (s.state == model::State::kEstablished) return "ESTAB";
  return model::StateName(s.state);
}

}  // namespace sockscope::render
