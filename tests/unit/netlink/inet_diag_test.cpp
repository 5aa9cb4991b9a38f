// DecodeInetDiag on built replies, and the bytes of BuildInetDiagRequest.
#include "netlink/inet_diag.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>

#include "fakes/fake_netlink.h"

namespace sockscope::testing {
namespace {

using model::State;
using ::testing::HasSubstr;

// include/net/tcp_states.h: not in the uapi headers.
constexpr uint8_t kTcpSynRecv = 3;
constexpr uint8_t kTcpTimeWait = 6;
constexpr uint8_t kTcpListen = 10;
constexpr uint8_t kTcpNewSynRecv = 12;

model::Socket DecodeOk(const std::vector<uint8_t>& payload,
                       model::Proto proto = model::Proto::kTcp) {
  model::Socket s;
  auto ok = netlink::DecodeInetDiag(payload, proto, s);
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return s;
}

inet_diag_req_v2 RequestOf(const netlink::InetDiagQuery& q) {
  auto bytes = netlink::BuildInetDiagRequest(q);
  inet_diag_req_v2 req{};
  EXPECT_EQ(bytes.size(), sizeof req);
  std::memcpy(&req, bytes.data(), std::min(bytes.size(), sizeof req));
  return req;
}

TEST(DecodeInetDiag, Ipv4EndpointsQueuesAndIdentity) {
  InetDiagSpec spec;
  spec.local = "10.1.2.3";
  spec.local_port = 8080;
  spec.peer = "192.168.0.9";
  spec.peer_port = 54321;
  spec.recv_q = 7;
  spec.send_q = 1234;
  spec.uid = 1000;
  spec.inode = 424242;
  spec.interface = 3;
  spec.cookie = 0x1122334455667788ull;
  auto s = DecodeOk(InetDiagPayload(spec));
  EXPECT_EQ(s.family, model::Family::kInet);
  EXPECT_EQ(s.proto, model::Proto::kTcp);
  EXPECT_EQ(s.state, State::kEstablished);
  EXPECT_EQ(s.local.addr.ToString(), "10.1.2.3");
  EXPECT_EQ(s.local.addr.bytes[0], 10);  // network order kept
  EXPECT_EQ(s.local.port, 8080);
  EXPECT_EQ(s.peer.addr.ToString(), "192.168.0.9");
  EXPECT_EQ(s.peer.port, 54321);
  EXPECT_EQ(s.recv_q, 7u);
  EXPECT_EQ(s.send_q, 1234u);
  EXPECT_EQ(s.uid, 1000u);
  EXPECT_EQ(s.inode, 424242u);
  EXPECT_EQ(s.interface, 3u);
  EXPECT_EQ(s.cookie, 0x1122334455667788ull);
  EXPECT_FALSE(s.tcp_info);
  EXPECT_FALSE(s.mem);
}

TEST(DecodeInetDiag, Ipv6Addresses) {
  InetDiagSpec spec;
  spec.family = AF_INET6;
  spec.local = "2001:db8::1";
  spec.peer = "::ffff:10.0.0.1";
  spec.local_port = 443;
  auto s = DecodeOk(InetDiagPayload(spec), model::Proto::kUdp);
  EXPECT_EQ(s.family, model::Family::kInet6);
  EXPECT_EQ(s.proto, model::Proto::kUdp);
  EXPECT_EQ(s.local.addr.ToString(), "2001:db8::1");
  EXPECT_EQ(s.local.addr.bytes[0], 0x20);
  EXPECT_EQ(s.local.addr.bytes[15], 0x01);
  EXPECT_TRUE(s.peer.addr.IsV4Mapped());
  EXPECT_EQ(s.local.port, 443);
}

TEST(DecodeInetDiag, StatesIncludingNewSynRecvAsSynRecv) {
  InetDiagSpec spec;
  spec.state = kTcpListen;
  EXPECT_EQ(DecodeOk(InetDiagPayload(spec)).state, State::kListen);
  spec.state = kTcpSynRecv;
  EXPECT_EQ(DecodeOk(InetDiagPayload(spec)).state, State::kSynRecv);
  spec.state = kTcpNewSynRecv;
  EXPECT_EQ(DecodeOk(InetDiagPayload(spec)).state, State::kSynRecv);
  spec.state = kTcpTimeWait;
  EXPECT_EQ(DecodeOk(InetDiagPayload(spec)).state, State::kTimeWait);
}

TEST(DecodeInetDiag, RejectsBadStateFamilyAndShortPayload) {
  model::Socket s;
  InetDiagSpec spec;
  spec.state = 0;
  EXPECT_FALSE(netlink::DecodeInetDiag(InetDiagPayload(spec), model::Proto::kTcp, s));
  spec.state = 13;
  EXPECT_FALSE(netlink::DecodeInetDiag(InetDiagPayload(spec), model::Proto::kTcp, s));
  auto payload = InetDiagPayload({});
  payload[0] = AF_UNIX;
  auto bad_family = netlink::DecodeInetDiag(payload, model::Proto::kTcp, s);
  ASSERT_FALSE(bad_family);
  EXPECT_THAT(bad_family.error().message, HasSubstr("address family 1"));
  payload = InetDiagPayload({});
  payload.resize(sizeof(inet_diag_msg) - 1);
  auto short_one = netlink::DecodeInetDiag(payload, model::Proto::kTcp, s);
  ASSERT_FALSE(short_one);
  EXPECT_EQ(short_one.error().kind, base::ErrorKind::kMalformed);
}

tcp_info SampleTcpInfo() {
  tcp_info info{};
  info.tcpi_rtt = 1500;
  info.tcpi_rttvar = 300;
  info.tcpi_snd_cwnd = 10;
  info.tcpi_snd_ssthresh = 7;
  info.tcpi_rto = 204000;
  info.tcpi_snd_mss = 1448;
  info.tcpi_rcv_mss = 536;
  info.tcpi_total_retrans = 5;
  info.tcpi_unacked = 2;
  info.tcpi_bytes_acked = 1ull << 40;
  info.tcpi_bytes_received = 99;
  info.tcpi_min_rtt = 800;
  info.tcpi_delivery_rate = 123456789;
  return info;
}

TEST(DecodeInetDiag, TcpInfoMemInfoAndCongestion) {
  auto payload = InetDiagPayload({});
  AppendTcpInfo(payload, SampleTcpInfo(), sizeof(tcp_info));
  std::vector<uint32_t> mem(SK_MEMINFO_VARS, 0);
  mem[SK_MEMINFO_RMEM_ALLOC] = 11;
  mem[SK_MEMINFO_RCVBUF] = 131072;
  mem[SK_MEMINFO_SNDBUF] = 16384;
  mem[SK_MEMINFO_DROPS] = 17;
  AppendMemInfo(payload, INET_DIAG_SKMEMINFO, mem);
  AppendCongestion(payload, "cubic");
  auto s = DecodeOk(payload);
  ASSERT_TRUE(s.tcp_info);
  EXPECT_EQ(s.tcp_info->rtt_us, 1500u);
  EXPECT_EQ(s.tcp_info->snd_cwnd, 10u);
  EXPECT_EQ(s.tcp_info->rto_us, 204000u);
  EXPECT_EQ(s.tcp_info->snd_mss, 1448u);
  EXPECT_EQ(s.tcp_info->total_retrans, 5u);
  EXPECT_EQ(s.tcp_info->bytes_acked, 1ull << 40);
  EXPECT_EQ(s.tcp_info->min_rtt_us, 800u);
  EXPECT_TRUE(s.tcp_info->has_delivery_rate);
  EXPECT_EQ(s.tcp_info->delivery_rate_Bps, 123456789u);
  ASSERT_TRUE(s.mem);
  EXPECT_EQ(s.mem->rmem_alloc, 11u);
  EXPECT_EQ(s.mem->rcvbuf, 131072u);
  EXPECT_EQ(s.mem->sndbuf, 16384u);
  EXPECT_EQ(s.mem->drops, 17u);
  EXPECT_EQ(s.congestion, "cubic");
}

TEST(DecodeInetDiag, ShortTcpInfoFromAnOlderKernel) {
  auto payload = InetDiagPayload({});
  // Linux 4.5 ended tcp_info after tcpi_min_rtt... older ones before bytes_acked.
  const size_t old_size = offsetof(tcp_info, tcpi_bytes_acked);
  AppendTcpInfo(payload, SampleTcpInfo(), old_size);
  auto s = DecodeOk(payload);
  ASSERT_TRUE(s.tcp_info);
  EXPECT_EQ(s.tcp_info->rtt_us, 1500u);
  EXPECT_EQ(s.tcp_info->bytes_acked, 0u);  // not sent: zero, not garbage
  EXPECT_EQ(s.tcp_info->min_rtt_us, 0u);
  EXPECT_FALSE(s.tcp_info->has_delivery_rate);
}

TEST(DecodeInetDiag, ShortMemInfoLeavesDropsZero) {
  auto payload = InetDiagPayload({});
  std::vector<uint32_t> mem = {1, 2, 3, 4};  // before SK_MEMINFO_DROPS existed
  AppendMemInfo(payload, INET_DIAG_SKMEMINFO, mem);
  auto s = DecodeOk(payload);
  ASSERT_TRUE(s.mem);
  EXPECT_EQ(s.mem->rmem_alloc, 1u);
  EXPECT_EQ(s.mem->sndbuf, 4u);
  EXPECT_EQ(s.mem->drops, 0u);
}

TEST(DecodeInetDiag, CongestionNameWithoutNulIsBounded) {
  auto payload = InetDiagPayload({});
  AppendCongestion(payload, "bbr", /*with_nul=*/false);
  EXPECT_EQ(DecodeOk(payload).congestion, "bbr");
  payload = InetDiagPayload({});
  AppendCongestion(payload, std::string(40, 'x'), false);
  EXPECT_EQ(DecodeOk(payload).congestion, std::string(16, 'x'));  // TCP_CA_NAME_MAX
}

TEST(DecodeInetDiag, TcpInfoIsIgnoredForUdp) {
  auto payload = InetDiagPayload({});
  AppendTcpInfo(payload, SampleTcpInfo(), sizeof(tcp_info));
  EXPECT_FALSE(DecodeOk(payload, model::Proto::kUdp).tcp_info);
}

TEST(DecodeInetDiag, TosTclassClassIdAndSocketOptions) {
  auto payload = InetDiagPayload({});
  AppendAttribute(payload, INET_DIAG_TOS, std::vector<uint8_t>{0x10});
  AppendAttribute(payload, INET_DIAG_CLASS_ID, std::vector<uint8_t>{3, 0, 0, 0});
  AppendAttribute(payload, INET_DIAG_SOCKOPT, std::vector<uint8_t>{0x04, 0x01});
  const model::Socket s = DecodeOk(payload);
  EXPECT_EQ(s.tos, 0x10);
  EXPECT_EQ(s.class_id, 3u);
  EXPECT_EQ(s.inet_sockopt, 0x0104);  // freebind, bind_address_no_port
  EXPECT_EQ(s.inet_extras_known, model::Socket::kTosKnown | model::Socket::kClassIdKnown |
                                     model::Socket::kSockoptKnown);  // no traffic class sent
  auto short_option = InetDiagPayload({});
  AppendAttribute(short_option, INET_DIAG_SOCKOPT, std::vector<uint8_t>{0x04});
  EXPECT_EQ(DecodeOk(short_option).inet_extras_known, 0);  // too short: unknown
}

TEST(DecodeInetDiag, UnknownAttributesAreSkipped) {
  auto payload = InetDiagPayload({});
  AppendAttribute(payload, 200, std::vector<uint8_t>(5, 0xaa));
  AppendCongestion(payload, "reno");
  EXPECT_EQ(DecodeOk(payload).congestion, "reno");
}

TEST(DecodeInetDiag, MalformedAttributeFails) {
  for (uint16_t claimed : {0, 3, 64}) {
    auto payload = InetDiagPayload({});
    AppendRawAttribute(payload, claimed, INET_DIAG_CONG, std::vector<uint8_t>(4, 'a'));
    model::Socket s;
    auto r = netlink::DecodeInetDiag(payload, model::Proto::kTcp, s);
    ASSERT_FALSE(r) << claimed;
    EXPECT_THAT(r.error().message, HasSubstr("inet_diag attributes")) << claimed;
  }
}

TEST(BuildInetDiagRequest, FamilyProtocolAndStates) {
  netlink::InetDiagQuery q;
  q.proto = model::Proto::kUdp;
  q.family = model::Family::kInet6;
  q.states = model::StateBit(State::kListen);
  auto req = RequestOf(q);
  EXPECT_EQ(req.sdiag_family, AF_INET6);
  EXPECT_EQ(req.sdiag_protocol, IPPROTO_UDP);
  EXPECT_EQ(req.idiag_states, 1u << kTcpListen);
  EXPECT_EQ(req.idiag_ext, 0);

  q.proto = model::Proto::kTcp;
  q.family = model::Family::kInet;
  req = RequestOf(q);
  EXPECT_EQ(req.sdiag_family, AF_INET);
  EXPECT_EQ(req.sdiag_protocol, IPPROTO_TCP);
}

// Raw sockets by protocol 255; MPTCP (262) does not fit sdiag_protocol's
// 8 bits: its low byte there and the whole number in INET_DIAG_REQ_PROTOCOL.
TEST(BuildInetDiagRequest, RawAndMptcpProtocols) {
  netlink::InetDiagQuery q;
  q.proto = model::Proto::kRaw;
  EXPECT_EQ(RequestOf(q).sdiag_protocol, IPPROTO_RAW);
  EXPECT_EQ(netlink::BuildInetDiagRequest(q).size(), sizeof(inet_diag_req_v2));
  q.proto = model::Proto::kMptcp;
  auto bytes = netlink::BuildInetDiagRequest(q);
  inet_diag_req_v2 req;
  ASSERT_GE(bytes.size(), sizeof req);
  std::memcpy(&req, bytes.data(), sizeof req);
  EXPECT_EQ(req.sdiag_protocol, IPPROTO_MPTCP & 0xff);
  ASSERT_EQ(bytes.size(), sizeof(inet_diag_req_v2) + NLA_HDRLEN + sizeof(uint32_t));
  nlattr attr;
  std::memcpy(&attr, bytes.data() + sizeof(inet_diag_req_v2), sizeof attr);
  EXPECT_EQ(attr.nla_type, INET_DIAG_REQ_PROTOCOL);
  uint32_t protocol = 0;
  std::memcpy(&protocol, bytes.data() + sizeof(inet_diag_req_v2) + NLA_HDRLEN, sizeof protocol);
  EXPECT_EQ(protocol, static_cast<uint32_t>(IPPROTO_MPTCP));
}

TEST(BuildInetDiagRequest, SynRecvAlsoAsksForNewSynRecv) {
  netlink::InetDiagQuery q;
  q.states = model::StateBit(State::kSynRecv);
  auto req = RequestOf(q);
  EXPECT_EQ(req.idiag_states, (1u << kTcpSynRecv) | (1u << kTcpNewSynRecv));
}

TEST(BuildInetDiagRequest, ExtensionBits) {
  netlink::InetDiagQuery q;
  q.want_info = true;
  EXPECT_EQ(RequestOf(q).idiag_ext, 1 << (INET_DIAG_INFO - 1));
  q.want_memory = true;
  q.want_congestion = true;
  EXPECT_EQ(RequestOf(q).idiag_ext, (1 << (INET_DIAG_INFO - 1)) | (1 << (INET_DIAG_SKMEMINFO - 1)) |
                                        (1 << (INET_DIAG_CONG - 1)) |
                                        (1 << (INET_DIAG_VEGASINFO - 1)));
  netlink::InetDiagQuery tos;
  tos.want_tos = true;  // the TCLASS bit also asks for the class id
  EXPECT_EQ(RequestOf(tos).idiag_ext, (1 << (INET_DIAG_TOS - 1)) | (1 << (INET_DIAG_TCLASS - 1)));
}

// Both families in one dump: the kernel's older request (struct
// inet_diag_req under TCPDIAG_GETSOCK), family open, same states and
// extensions, the program after it as for the newer one.
TEST(BuildInetDiagRequest, BothFamiliesInOneDump) {
  netlink::InetDiagQuery q;
  q.both_families = true;
  q.states = model::StateBit(State::kListen) | model::StateBit(State::kSynRecv);
  q.want_memory = true;
  EXPECT_EQ(netlink::InetDiagMessageType(q), TCPDIAG_GETSOCK);
  auto bytes = netlink::BuildInetDiagRequest(q);
  ASSERT_EQ(bytes.size(), sizeof(inet_diag_req));
  inet_diag_req req;
  std::memcpy(&req, bytes.data(), sizeof req);
  EXPECT_EQ(req.idiag_family, AF_UNSPEC);
  EXPECT_EQ(req.idiag_states, (1u << kTcpListen) | (1u << kTcpSynRecv) | (1u << kTcpNewSynRecv));
  EXPECT_EQ(req.idiag_ext, 1 << (INET_DIAG_SKMEMINFO - 1));
  EXPECT_EQ(req.idiag_dbs, 0u);

  q.bytecode = {1, 2, 3, 4};
  bytes = netlink::BuildInetDiagRequest(q);
  ASSERT_EQ(bytes.size(), sizeof(inet_diag_req) + NLA_HDRLEN + 4);
  nlattr attr;
  std::memcpy(&attr, bytes.data() + sizeof(inet_diag_req), sizeof attr);
  EXPECT_EQ(attr.nla_type, INET_DIAG_REQ_BYTECODE);
  EXPECT_EQ(bytes[sizeof(inet_diag_req) + NLA_HDRLEN + 3], 4);

  q.both_families = false;
  EXPECT_EQ(netlink::InetDiagMessageType(q), SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(netlink::BuildInetDiagRequest(q).size(), sizeof(inet_diag_req_v2) + NLA_HDRLEN + 4);
}

}  // namespace
}  // namespace sockscope::testing
