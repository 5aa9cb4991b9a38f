// DecodeUnixDiag on built replies, and the bytes of BuildUnixDiagRequest.
#include "netlink/unix_diag.h"

#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "fakes/fake_netlink.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;

model::Socket DecodeOk(const std::vector<uint8_t>& payload) {
  model::Socket s;
  auto ok = netlink::DecodeUnixDiag(payload, s);
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return s;
}

TEST(DecodeUnixDiag, IdentityTypeAndState) {
  UnixDiagSpec spec;
  spec.type = SOCK_SEQPACKET;
  spec.state = 10;  // TCP_LISTEN
  spec.inode = 777;
  spec.cookie = 0xabcdef0012345678ull;
  auto s = DecodeOk(UnixDiagPayload(spec));
  EXPECT_EQ(s.proto, model::Proto::kUnix);
  EXPECT_EQ(s.family, model::Family::kUnix);
  EXPECT_EQ(s.socket_type, model::SocketType::kSeqpacket);
  EXPECT_EQ(s.state, model::State::kListen);
  EXPECT_EQ(s.inode, 777u);
  EXPECT_EQ(s.cookie, 0xabcdef0012345678ull);
  EXPECT_TRUE(s.unix_path.empty());
  EXPECT_EQ(s.unix_peer_inode, 0u);
}

TEST(DecodeUnixDiag, PathPeerAndQueues) {
  auto payload = UnixDiagPayload({});
  AppendUnixName(payload, std::string("/run/app.sock\0", 14));
  AppendUnixPeer(payload, 4321);
  AppendUnixRqlen(payload, 3, 128);
  auto s = DecodeOk(payload);
  EXPECT_EQ(s.socket_type, model::SocketType::kStream);
  EXPECT_EQ(s.unix_path, "/run/app.sock");  // no trailing NUL
  EXPECT_EQ(s.unix_peer_inode, 4321u);
  EXPECT_EQ(s.recv_q, 3u);
  EXPECT_EQ(s.send_q, 128u);
}

TEST(DecodeUnixDiag, PathWithoutNulIsTakenWhole) {
  auto payload = UnixDiagPayload({});
  AppendUnixName(payload, "/var/run/x.sock");
  EXPECT_EQ(DecodeOk(payload).unix_path, "/var/run/x.sock");
}

TEST(DecodeUnixDiag, AbstractNameGetsAnAt) {
  auto payload = UnixDiagPayload({});
  AppendUnixName(payload, std::string("\0busname", 8));
  EXPECT_EQ(DecodeOk(payload).unix_path, "@busname");
}

TEST(DecodeUnixDiag, OverlongNameIsCutAtSunPathSize) {
  auto payload = UnixDiagPayload({});
  AppendUnixName(payload, std::string(300, 'p'));
  EXPECT_EQ(DecodeOk(payload).unix_path.size(), 108u);
}

TEST(DecodeUnixDiag, DgramAndMemInfo) {
  UnixDiagSpec spec;
  spec.type = SOCK_DGRAM;
  spec.state = 7;  // TCP_CLOSE: an unconnected datagram socket
  auto payload = UnixDiagPayload(spec);
  std::vector<uint32_t> mem(SK_MEMINFO_VARS, 0);
  mem[SK_MEMINFO_DROPS] = 9;
  AppendMemInfo(payload, UNIX_DIAG_MEMINFO, mem);
  auto s = DecodeOk(payload);
  EXPECT_EQ(s.socket_type, model::SocketType::kDgram);
  EXPECT_EQ(s.state, model::State::kClose);
  ASSERT_TRUE(s.mem);
  EXPECT_EQ(s.mem->drops, 9u);
}

TEST(DecodeUnixDiag, ShortScalarAttributesAreIgnored) {
  auto payload = UnixDiagPayload({});
  AppendAttribute(payload, UNIX_DIAG_PEER, std::vector<uint8_t>{1, 2});
  AppendAttribute(payload, UNIX_DIAG_RQLEN, std::vector<uint8_t>{1, 2, 3, 4});
  auto s = DecodeOk(payload);
  EXPECT_EQ(s.unix_peer_inode, 0u);
  EXPECT_EQ(s.recv_q, 0u);
}

TEST(DecodeUnixDiag, RejectsBadInput) {
  model::Socket s;
  auto payload = UnixDiagPayload({});
  payload.resize(sizeof(unix_diag_msg) - 1);
  EXPECT_FALSE(netlink::DecodeUnixDiag(payload, s));
  UnixDiagSpec bad_type;
  bad_type.type = 9;
  auto r = netlink::DecodeUnixDiag(UnixDiagPayload(bad_type), s);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("type 9"));
  UnixDiagSpec bad_state;
  bad_state.state = 0;
  EXPECT_FALSE(netlink::DecodeUnixDiag(UnixDiagPayload(bad_state), s));
  payload = UnixDiagPayload({});
  payload[0] = AF_INET;
  EXPECT_FALSE(netlink::DecodeUnixDiag(payload, s));
  payload = UnixDiagPayload({});
  AppendRawAttribute(payload, 40, UNIX_DIAG_NAME, std::vector<uint8_t>(8, 'a'));
  auto attr = netlink::DecodeUnixDiag(payload, s);
  ASSERT_FALSE(attr);
  EXPECT_THAT(attr.error().message, HasSubstr("unix_diag attributes"));
}

TEST(BuildUnixDiagRequest, AsksForNamePeerAndQueues) {
  netlink::UnixDiagQuery q;
  q.states = model::StateBit(model::State::kListen);
  auto bytes = netlink::BuildUnixDiagRequest(q);
  unix_diag_req req{};
  ASSERT_EQ(bytes.size(), sizeof req);
  std::memcpy(&req, bytes.data(), sizeof req);
  EXPECT_EQ(req.sdiag_family, AF_UNIX);
  EXPECT_EQ(req.sdiag_protocol, 0);
  EXPECT_EQ(req.udiag_states, 1u << 10);
  EXPECT_EQ(req.udiag_show,
            static_cast<uint32_t>(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN));
  q.want_memory = true;
  bytes = netlink::BuildUnixDiagRequest(q);
  std::memcpy(&req, bytes.data(), sizeof req);
  EXPECT_TRUE(req.udiag_show & UDIAG_SHOW_MEMINFO);
}

}  // namespace
}  // namespace sockscope::testing
