// /proc/net/netlink rows (the fallback of the netlink table) and the socket
// counts of /proc/net/protocols (whether MPTCP sockets exist when sock_diag
// cannot list them).
#include "procfs/net_netlink_parser.h"

#include <gtest/gtest.h>

namespace sockscope::procfs {
namespace {

TEST(ProcNetNetlink, RowsAndTheirQueues) {
  auto parsed = ParseProcNetNetlink(
      "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n"
      "00000000666c0154 0   0          00000000 0        0        0     2        0        4\n"
      "0000000018a12fba 4   3456       00000011 832      0        0     2        0        1234\n"
      "zz bad line\n"
      "0000000018a12fbb 300 1 00000000 0 0 0 2 0 9\n");
  ASSERT_EQ(parsed.sockets.size(), 2u);
  const auto& s = parsed.sockets[1];
  EXPECT_EQ(s.proto, model::Proto::kNetlink);
  EXPECT_EQ(s.state, model::State::kClose);
  EXPECT_EQ(s.recv_q, 832u);
  EXPECT_EQ(s.inode, 1234u);
  ASSERT_TRUE(s.netlink);
  EXPECT_EQ(s.netlink->protocol, 4);
  EXPECT_EQ(s.netlink->portid, 3456u);
  EXPECT_EQ(s.netlink->groups, 0x11u);
  EXPECT_EQ(parsed.issues.skipped, 2u);  // the bad line and protocol 300
}

TEST(ProcNetProtocols, SocketsInUseOfOneProtocol) {
  constexpr char kText[] =
      "protocol  size sockets  memory press maxhdr  slab module     cl co di\n"
      "MPTCPv6   2064      0     293   no       0   yes  kernel      y  y  y\n"
      "MPTCP     1936      3     293   no       0   yes  kernel      y  y  y\n"
      "UDP-Lite  1152     -1      -1   NI       0   yes  kernel      y  y  y\n";
  EXPECT_EQ(ProtocolSocketsInUse(kText, "MPTCP"), 3u);
  EXPECT_EQ(ProtocolSocketsInUse(kText, "MPTCPv6"), 0u);
  EXPECT_FALSE(ProtocolSocketsInUse(kText, "UDP-Lite").has_value());  // not counted
  EXPECT_FALSE(ProtocolSocketsInUse(kText, "SCTP").has_value());      // not in this kernel
}

}  // namespace
}  // namespace sockscope::procfs
