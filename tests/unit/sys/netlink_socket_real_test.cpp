// The real netlink socket: waits are bounded by the deadline, replies come
// from the kernel with our port id, and a datagram larger than the buffer is
// reported as truncated rather than silently cut. Needs no privilege: it
// dumps UNIX sockets of the test's own network namespace.
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "base/unique_fd.h"
#include "sys/netlink_socket.h"

namespace sockscope::sys {
namespace {

using namespace std::chrono_literals;
constexpr auto kMargin = 300ms;

std::unique_ptr<NetlinkSocket> OpenOrFail(size_t receive_buffer = 0) {
  auto socket = RealNetlinkOpener().Open(NETLINK_SOCK_DIAG, receive_buffer);
  EXPECT_TRUE(socket) << socket.error().message;
  return socket ? std::move(*socket) : nullptr;
}

// A unix_diag dump request for every UNIX socket, with sequence number `seq`.
std::vector<uint8_t> UnixDumpRequest(uint32_t seq) {
  struct {
    nlmsghdr header;
    unix_diag_req body;
  } req{};
  req.header.nlmsg_len = sizeof req;
  req.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.header.nlmsg_seq = seq;
  req.body.sdiag_family = AF_UNIX;
  req.body.udiag_states = ~0u;
  std::vector<uint8_t> bytes(sizeof req);
  std::memcpy(bytes.data(), &req, sizeof req);
  return bytes;
}

// Keeps a few UNIX sockets alive so a dump has something to say.
struct SocketPairs {
  SocketPairs() {
    for (auto& p : pairs) {
      int fds[2];
      if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0) {
        p[0].Reset(fds[0]);
        p[1].Reset(fds[1]);
      }
    }
  }
  base::UniqueFd pairs[4][2];
};

TEST(RealNetlinkSocket, GetsAPortIdFromTheKernel) {
  auto socket = OpenOrFail();
  ASSERT_TRUE(socket);
  EXPECT_NE(socket->PortId(), 0u);
  auto other = OpenOrFail();
  ASSERT_TRUE(other);
  EXPECT_NE(socket->PortId(), other->PortId());
}

TEST(RealNetlinkSocket, ReceiveWithNothingAskedTimesOutAtTheDeadline) {
  auto socket = OpenOrFail();
  ASSERT_TRUE(socket);
  std::vector<uint8_t> buffer(4096);
  auto start = base::Clock::now();
  auto got = socket->Receive(buffer, base::Deadline::After(100ms));
  auto elapsed = base::Clock::now() - start;
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, base::ErrorKind::kTimeout);
  EXPECT_GE(elapsed, 100ms);
  EXPECT_LT(elapsed, 100ms + kMargin);
}

TEST(RealNetlinkSocket, ExpiredDeadlineReturnsAtOnce) {
  auto socket = OpenOrFail();
  ASSERT_TRUE(socket);
  std::vector<uint8_t> buffer(4096);
  auto start = base::Clock::now();
  auto got = socket->Receive(buffer, base::Deadline::After(0ms));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, base::ErrorKind::kTimeout);
  EXPECT_LT(base::Clock::now() - start, 50ms);
}

TEST(RealNetlinkSocket, RepliesComeFromTheKernelWithOurPortAndSequence) {
  SocketPairs keep;
  auto socket = OpenOrFail();
  ASSERT_TRUE(socket);
  ASSERT_TRUE(socket->Send(UnixDumpRequest(4242), base::Deadline::After(1s)));
  std::vector<uint8_t> buffer(64 * 1024);
  auto got = socket->Receive(buffer, base::Deadline::After(1s));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_FALSE(got->truncated);
  EXPECT_EQ(got->sender_port, 0u);
  ASSERT_GE(got->bytes, sizeof(nlmsghdr));
  nlmsghdr h;
  std::memcpy(&h, buffer.data(), sizeof h);
  EXPECT_EQ(h.nlmsg_seq, 4242u);
  EXPECT_EQ(h.nlmsg_pid, socket->PortId());
  EXPECT_LE(h.nlmsg_len, got->bytes);
}

TEST(RealNetlinkSocket, DatagramLargerThanTheBufferIsFlaggedTruncated) {
  SocketPairs keep;
  auto socket = OpenOrFail();
  ASSERT_TRUE(socket);
  ASSERT_TRUE(socket->Send(UnixDumpRequest(1), base::Deadline::After(1s)));
  std::vector<uint8_t> buffer(sizeof(nlmsghdr));
  auto got = socket->Receive(buffer, base::Deadline::After(1s));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_TRUE(got->truncated);
  EXPECT_EQ(got->bytes, buffer.size());
}

TEST(RealNetlinkSocket, UnknownNetlinkProtocolIsAnError) {
  auto socket = RealNetlinkOpener().Open(/*protocol=*/250, 0);
  ASSERT_FALSE(socket);
  EXPECT_NE(socket.error().errnum, 0);
}

TEST(RealNetlinkSocket, SmallReceiveBufferIsAccepted) {
  auto socket = OpenOrFail(/*receive_buffer=*/1024);
  EXPECT_TRUE(socket);
}

}  // namespace
}  // namespace sockscope::sys
