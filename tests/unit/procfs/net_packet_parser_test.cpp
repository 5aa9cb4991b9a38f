// /proc/net/packet rows: the fallback of the packet table.
#include "procfs/net_packet_parser.h"

#include <gtest/gtest.h>

namespace sockscope::procfs {
namespace {

TEST(ProcNetPacket, RowsTheirTypeProtocolAndDevice) {
  auto parsed = ParseProcNetPacket(
      "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n"
      "00000000fb6baa87 3      3    0003   0     1 0      0      12907713\n"
      "00000000bd6fa0f4 3      2    0800   1     1 768    1000   12907714\n"
      "\n"
      "00000000bd6fa0f5 3      5    0800   1     1 0      0      1\n"  // SOCK_SEQPACKET: no
      "00000000bd6fa0f6 3      3    88ccc  1     1 0      0      2\n"  // protocol too wide
      "00000000bd6fa0f7 3      3    0003   -1    1 0      0      3\n"  // negative device
      "00000000bd6fa0f8 3      3    0003   0     1 0      0\n");       // no inode
  ASSERT_EQ(parsed.sockets.size(), 2u);
  const auto& all = parsed.sockets[0];
  EXPECT_EQ(all.proto, model::Proto::kPacket);
  EXPECT_EQ(all.family, model::Family::kPacket);
  EXPECT_EQ(all.socket_type, model::SocketType::kRaw);
  EXPECT_EQ(all.state, model::State::kClose);
  EXPECT_EQ(all.interface, 0u);
  ASSERT_TRUE(all.packet);
  EXPECT_EQ(all.packet->protocol, 3);
  EXPECT_EQ(all.inode, 12907713u);
  const auto& ip = parsed.sockets[1];
  EXPECT_EQ(ip.socket_type, model::SocketType::kDgram);
  EXPECT_EQ(ip.packet->protocol, 0x0800);
  EXPECT_EQ(ip.interface, 1u);
  EXPECT_EQ(ip.recv_q, 768u);
  EXPECT_EQ(ip.uid, 1000u);
  EXPECT_FALSE(ip.packet->details);  // /proc has no -e details
  EXPECT_EQ(parsed.issues.skipped, 4u);
  EXPECT_NE(parsed.issues.first.find("line 5"), std::string::npos) << parsed.issues.first;
}

}  // namespace
}  // namespace sockscope::procfs
