// DecodePacketDiag on built replies, and the bytes of BuildPacketDiagRequest.
#include "netlink/packet_diag.h"

#include <linux/netlink.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <cstring>

#include "fakes/fake_netlink.h"

namespace sockscope::netlink {
namespace {

class ReplyBuilder {
 public:
  ReplyBuilder(uint8_t type, uint16_t protocol) {
    packet_diag_msg msg{};
    msg.pdiag_family = AF_PACKET;
    msg.pdiag_type = type;
    msg.pdiag_num = protocol;
    msg.pdiag_ino = 4242;
    msg.pdiag_cookie[0] = 0x1b7bda;
    bytes_.resize(NLMSG_ALIGN(sizeof msg));
    std::memcpy(bytes_.data(), &msg, sizeof msg);
  }
  ReplyBuilder& Put(uint16_t type, const void* data, size_t size) {
    testing::AppendAttribute(bytes_, type, {static_cast<const uint8_t*>(data), size});
    return *this;
  }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

TEST(DecodePacketDiag, DeviceQueueRingsAndFanout) {
  packet_diag_info info{};
  info.pdi_index = 3;
  info.pdi_version = 2;
  info.pdi_copy_thresh = 7;
  info.pdi_flags = PDI_RUNNING | PDI_AUXDATA;
  uint32_t mem[SK_MEMINFO_VARS] = {};
  mem[SK_MEMINFO_RMEM_ALLOC] = 768;
  mem[SK_MEMINFO_RCVBUF] = 212992;
  packet_diag_ring ring{4096, 8, 2048, 16, 60, 0, 1};
  const uint32_t uid = 1000;
  const uint32_t fanout = 5 | (1u << 16);  // group 5, load balance
  ReplyBuilder reply(SOCK_DGRAM, 0x0800);
  reply.Put(PACKET_DIAG_INFO, &info, sizeof info)
      .Put(PACKET_DIAG_MEMINFO, mem, sizeof mem)
      .Put(PACKET_DIAG_UID, &uid, sizeof uid)
      .Put(PACKET_DIAG_RX_RING, &ring, sizeof ring)
      .Put(PACKET_DIAG_FANOUT, &fanout, sizeof fanout);
  model::Socket s;
  ASSERT_TRUE(DecodePacketDiag(reply.bytes(), s));
  EXPECT_EQ(s.proto, model::Proto::kPacket);
  EXPECT_EQ(s.family, model::Family::kPacket);
  EXPECT_EQ(s.socket_type, model::SocketType::kDgram);
  EXPECT_EQ(s.state, model::State::kClose);
  EXPECT_EQ(s.inode, 4242u);
  EXPECT_EQ(s.cookie, 0x1b7bdau);
  EXPECT_EQ(s.interface, 3u);
  EXPECT_EQ(s.recv_q, 768u);  // ss's rq: the receive memory
  EXPECT_EQ(s.send_q, 0u);
  EXPECT_EQ(s.uid, 1000u);
  ASSERT_TRUE(s.mem);
  EXPECT_EQ(s.mem->rcvbuf, 212992u);
  ASSERT_TRUE(s.packet);
  EXPECT_EQ(s.packet->protocol, 0x0800);
  ASSERT_TRUE(s.packet->details);
  EXPECT_EQ(s.packet->details->version, 2u);
  EXPECT_EQ(s.packet->details->copy_thresh, 7u);
  EXPECT_EQ(s.packet->details->flags, static_cast<uint32_t>(PDI_RUNNING | PDI_AUXDATA));
  ASSERT_TRUE(s.packet->rx_ring);
  EXPECT_EQ(s.packet->rx_ring->frame_nr, 16u);
  EXPECT_EQ(s.packet->rx_ring->features, 1u);
  EXPECT_FALSE(s.packet->tx_ring);
  EXPECT_EQ(s.packet->fanout, fanout);
}

TEST(DecodePacketDiag, RawSocketWithoutAttributes) {
  ReplyBuilder reply(SOCK_RAW, 3);
  model::Socket s;
  ASSERT_TRUE(DecodePacketDiag(reply.bytes(), s));
  EXPECT_EQ(s.socket_type, model::SocketType::kRaw);
  EXPECT_EQ(s.interface, 0u);  // every device
  ASSERT_TRUE(s.packet);
  EXPECT_EQ(s.packet->protocol, 3);
  EXPECT_FALSE(s.packet->details);
  EXPECT_FALSE(s.mem);
}

TEST(DecodePacketDiag, ShortOrMalformedIsAnError) {
  ReplyBuilder reply(SOCK_RAW, 3);
  model::Socket s;
  EXPECT_FALSE(DecodePacketDiag(std::span(reply.bytes()).first(8), s));
  reply.bytes().push_back(0xff);  // a trailing byte too short for an attribute header
  EXPECT_FALSE(DecodePacketDiag(reply.bytes(), s));
}

TEST(BuildPacketDiagRequest, InfoMemoryRingsAndFanout) {
  auto bytes = BuildPacketDiagRequest();
  packet_diag_req req;
  ASSERT_EQ(bytes.size(), sizeof req);
  std::memcpy(&req, bytes.data(), sizeof req);
  EXPECT_EQ(req.sdiag_family, AF_PACKET);
  EXPECT_EQ(req.pdiag_show, static_cast<uint32_t>(PACKET_SHOW_INFO | PACKET_SHOW_MEMINFO |
                                                  PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT));
}

}  // namespace
}  // namespace sockscope::netlink
