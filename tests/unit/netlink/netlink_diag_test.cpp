// DecodeNetlinkDiag on built replies, and the bytes of BuildNetlinkDiagRequest.
#include "netlink/netlink_diag.h"

#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "fakes/fake_netlink.h"

namespace sockscope::netlink {
namespace {

std::vector<uint8_t> Reply(uint8_t protocol, uint32_t portid, uint8_t state, uint32_t rmem,
                           uint32_t groups) {
  netlink_diag_msg msg{};
  msg.ndiag_family = AF_NETLINK;
  msg.ndiag_protocol = protocol;
  msg.ndiag_state = state;
  msg.ndiag_portid = portid;
  msg.ndiag_dst_portid = 7;
  msg.ndiag_dst_group = 3;
  msg.ndiag_ino = 4242;
  std::vector<uint8_t> out(NLMSG_ALIGN(sizeof msg));
  std::memcpy(out.data(), &msg, sizeof msg);
  auto put = [&out](uint16_t type, const void* data, size_t size) {
    testing::AppendAttribute(out, type, {static_cast<const uint8_t*>(data), size});
  };
  uint32_t mem[SK_MEMINFO_VARS] = {};
  mem[SK_MEMINFO_RMEM_ALLOC] = rmem;
  mem[SK_MEMINFO_WMEM_ALLOC] = 5;
  put(NETLINK_DIAG_MEMINFO, mem, sizeof mem);
  uint64_t group_bits = groups;
  put(NETLINK_DIAG_GROUPS, &group_bits, sizeof group_bits);
  return out;
}

TEST(DecodeNetlinkDiag, EndsQueuesAndGroups) {
  model::Socket s;
  ASSERT_TRUE(DecodeNetlinkDiag(Reply(4, 1234, 7, 832, 0x11), s));
  EXPECT_EQ(s.proto, model::Proto::kNetlink);
  EXPECT_EQ(s.state, model::State::kClose);
  EXPECT_EQ(s.inode, 4242u);
  EXPECT_EQ(s.recv_q, 832u);  // ss's rq: the receive queue's memory
  EXPECT_EQ(s.send_q, 5u);
  ASSERT_TRUE(s.netlink);
  EXPECT_EQ(s.netlink->protocol, 4);
  EXPECT_EQ(s.netlink->portid, 1234u);
  EXPECT_FALSE(s.netlink->connected);  // TCP_CLOSE (7): unconnected
  EXPECT_EQ(s.netlink->groups, 0x11u);
  ASSERT_TRUE(DecodeNetlinkDiag(Reply(0, 1, 1, 0, 0), s));
  EXPECT_TRUE(s.netlink->connected);  // NETLINK_CONNECTED
  EXPECT_EQ(s.netlink->dst_portid, 7u);
  EXPECT_EQ(s.netlink->dst_group, 3u);
}

TEST(DecodeNetlinkDiag, ShortOrMalformedIsAnError) {
  model::Socket s;
  std::vector<uint8_t> reply = Reply(0, 1, 7, 0, 0);
  EXPECT_FALSE(DecodeNetlinkDiag(std::span(reply).first(8), s));
  reply.push_back(0xff);  // a trailing byte too short for an attribute header
  EXPECT_FALSE(DecodeNetlinkDiag(reply, s));
}

TEST(BuildNetlinkDiagRequest, EveryProtocolWithMemoryAndGroups) {
  auto bytes = BuildNetlinkDiagRequest();
  netlink_diag_req req;
  ASSERT_EQ(bytes.size(), sizeof req);
  std::memcpy(&req, bytes.data(), sizeof req);
  EXPECT_EQ(req.sdiag_family, AF_NETLINK);
  EXPECT_EQ(req.sdiag_protocol, NDIAG_PROTO_ALL);
  EXPECT_EQ(req.ndiag_show, static_cast<uint32_t>(NDIAG_SHOW_GROUPS | NDIAG_SHOW_MEMINFO));
}

}  // namespace
}  // namespace sockscope::netlink
