// RunDump against a scripted transport: deadlines, caps and malformed streams.
// Every test bounds the time taken and checks the error kind and message.
#include "netlink/dump.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "unit/netlink/dump_support.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;
using base::ErrorKind;

TEST(RunDump, CompleteDumpDeliversEveryMessage) {
  FakeNetlinkOpener opener({{0, {Datagram(TcpMessages(0, 3)), Datagram({DoneMessage()})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_EQ(run.inodes, Inodes(0, 3));
  EXPECT_EQ(run.result->messages, 3u);
  EXPECT_EQ(run.result->attempts, 1);
  EXPECT_EQ(run.restarts, 0);
  EXPECT_TRUE(opener.log(0).closed);
}

TEST(RunDump, RequestIsADumpWithTheQueryPayload) {
  FakeNetlinkOpener opener({{0, {Datagram({DoneMessage()})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result);
  ASSERT_EQ(opener.log(0).requests.size(), 1u);
  const auto& sent = opener.log(0).requests[0];
  ASSERT_GE(sent.size(), sizeof(nlmsghdr));
  nlmsghdr h;
  std::memcpy(&h, sent.data(), sizeof h);
  EXPECT_EQ(h.nlmsg_len, sent.size());
  EXPECT_EQ(h.nlmsg_type, SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(h.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
  auto body = netlink::BuildInetDiagRequest({});
  EXPECT_TRUE(std::equal(body.begin(), body.end(), sent.begin() + NLMSG_HDRLEN));
  EXPECT_EQ(opener.last_protocol(), NETLINK_SOCK_DIAG);
  EXPECT_EQ(opener.last_receive_buffer(), netlink::DumpLimits{}.socket_receive_buffer);
}

TEST(RunDump, PeerNeverAnswersTimesOutWithinTheDeadline) {
  FakeNetlinkOpener opener({{0, {Silence()}}});
  auto run = RunTcpDump(opener, 100ms);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(run.result.error().message, HasSubstr("sock_diag tcp/inet"));
  EXPECT_THAT(run.result.error().message, HasSubstr("deadline"));
  EXPECT_LT(run.elapsed, 100ms + kMargin);
  EXPECT_EQ(opener.opened(), 1);  // a timeout is final: no retry past the deadline
}

TEST(RunDump, DumpThatStopsMidwayTimesOutAndSaysHowFarItGot) {
  FakeNetlinkOpener opener({{0, {Datagram(TcpMessages(0, 3)), Silence()}}});
  auto run = RunTcpDump(opener, 100ms);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(run.result.error().message, HasSubstr("3 messages"));
  EXPECT_LT(run.elapsed, 100ms + kMargin);
}

TEST(RunDump, EndlessDumpStopsAtTheMessageCap) {
  FakeNetlinkOpener opener({{0, {Endless(TcpMessages(0, 50))}}});
  netlink::DumpLimits limits;
  limits.max_messages = 1000;
  auto run = RunTcpDump(opener, 5s, limits);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("more than 1000 messages"));
  EXPECT_LT(run.elapsed, 5s);
  EXPECT_EQ(opener.opened(), 1);
}

TEST(RunDump, EndlessDumpStopsAtTheByteCap) {
  FakeNetlinkOpener opener({{0, {Endless(TcpMessages(0, 50))}}});
  netlink::DumpLimits limits;
  limits.max_bytes = 64 * 1024;
  auto run = RunTcpDump(opener, 5s, limits);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("exceeds 65536 bytes"));
}

// A socket that always has data ready must not keep the loop past its
// deadline: the caps alone are far too generous to bound the time.
TEST(RunDump, EndlessDumpUnderDefaultCapsStopsAtTheDeadline) {
  FakeNetlinkOpener opener({{0, {Endless(TcpMessages(0, 50))}}});
  auto run = RunTcpDump(opener, 100ms);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kTimeout);
  EXPECT_LT(run.elapsed, 100ms + kMargin);
}

TEST(RunDump, AlreadyExpiredDeadlineFailsAtOnce) {
  FakeNetlinkOpener opener({{0, {Datagram(TcpMessages(0, 1)), Datagram({DoneMessage()})}}});
  auto run = RunTcpDump(opener, 0ms);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kTimeout);
  EXPECT_LT(run.elapsed, kMargin);
  EXPECT_TRUE(run.inodes.empty());
}

TEST(RunDump, StrayBytesAfterTheLastMessageFailTheDumpAfterOneRetry) {
  FakeScript bad{0, {DatagramWithTail(TcpMessages(0, 1), {1, 2, 3, 4, 5, 6, 7, 8})}};
  FakeNetlinkOpener opener({bad, bad});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("8 stray bytes"));
  EXPECT_THAT(run.result.error().message, HasSubstr("gave up after 2 attempts"));
  EXPECT_EQ(opener.opened(), 2);
  EXPECT_EQ(run.restarts, 1);
}

TEST(RunDump, LengthBeyondTheDatagramFailsTheDump) {
  FakeScript bad{0, {Datagram({TcpSocketMessage(0).WithLength(5000)})}};
  FakeNetlinkOpener opener({bad, bad});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("message length 5000"));
  EXPECT_TRUE(run.inodes.empty());
}

TEST(RunDump, LengthBelowTheHeaderFailsTheDump) {
  for (uint32_t length : {0u, 1u, 8u, 15u}) {
    FakeScript bad{0, {Datagram({TcpSocketMessage(0).WithLength(length), DoneMessage()})}};
    FakeNetlinkOpener opener({bad, bad});
    auto run = RunTcpDump(opener, 1s);
    ASSERT_FALSE(run.result) << length;
    EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed) << length;
    EXPECT_LT(run.elapsed, 1s) << length;
  }
}

TEST(RunDump, DatagramShorterThanAHeaderFailsTheDump) {
  FakeScript bad{0, {RawDatagram({1, 2, 3, 4, 5, 6, 7}, false)}};
  FakeNetlinkOpener opener({bad, bad});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_THAT(run.result.error().message, HasSubstr("7 stray bytes"));
}

TEST(RunDump, MalformedPayloadFailsWithTheDecoderReason) {
  FakeNetlinkOpener opener({{0, {Datagram({DataMessage({1, 2, 3}), DoneMessage()})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("inet_diag message of 3 bytes"));
  EXPECT_EQ(opener.opened(), 1);  // the kernel would send the same bytes again
}

TEST(RunDump, BadAttributeLengthFailsTheDump) {
  for (uint16_t claimed : {0, 3, 200}) {
    auto payload = InetDiagPayload({});
    AppendRawAttribute(payload, claimed, 1, std::vector<uint8_t>(8, 0));
    FakeNetlinkOpener opener({{0, {Datagram({DataMessage(payload), DoneMessage()})}}});
    auto run = RunTcpDump(opener, 1s);
    ASSERT_FALSE(run.result) << claimed;
    EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed) << claimed;
    EXPECT_THAT(run.result.error().message, HasSubstr("malformed attribute")) << claimed;
  }
}

TEST(RunDump, ShortErrorMessageFailsTheDump) {
  FakeScript bad{0, {Datagram({ShortErrorMessage(2)})}};
  FakeNetlinkOpener opener({bad, bad});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("error message too short (2 bytes)"));
}

TEST(RunDump, EnoentMeansTheKernelLacksTheDiagModule) {
  FakeNetlinkOpener opener({{0, {Datagram({ErrorMessage(-ENOENT)})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kUnsupported);
  EXPECT_EQ(run.result.error().errnum, ENOENT);
  EXPECT_THAT(run.result.error().message, HasSubstr("not supported by this kernel"));
  EXPECT_EQ(opener.opened(), 1);
}

TEST(RunDump, KernelErrorsKeepTheirKind) {
  FakeNetlinkOpener eperm({{0, {Datagram({ErrorMessage(-EPERM)})}}});
  auto denied = RunTcpDump(eperm, 1s);
  ASSERT_FALSE(denied.result);
  EXPECT_EQ(denied.result.error().kind, ErrorKind::kPermission);

  FakeNetlinkOpener einval({{0, {Datagram({ErrorMessage(-EINVAL)})}}});
  auto invalid = RunTcpDump(einval, 1s);
  ASSERT_FALSE(invalid.result);
  EXPECT_EQ(invalid.result.error().kind, ErrorKind::kIo);
  EXPECT_EQ(invalid.result.error().errnum, EINVAL);
}

// A kernel error is a negative errno; anything else must not be negated
// blindly (INT_MIN overflows) nor printed as "Unknown error -5".
TEST(RunDump, ErrorCodesThatAreNotNegativeErrnosAreReportedAsProtocolErrors) {
  for (int code : {INT_MIN, 5}) {
    FakeNetlinkOpener opener({{0, {Datagram({ErrorMessage(code)})}}});
    auto run = RunTcpDump(opener, 1s);
    ASSERT_FALSE(run.result) << code;
    EXPECT_EQ(run.result.error().errnum, EPROTO) << code;
  }
  FakeNetlinkOpener done({{0, {Datagram({DoneMessage(INT_MIN)})}}});
  auto run = RunTcpDump(done, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().errnum, EPROTO);
}

TEST(RunDump, NegativeDoneStatusIsAnError) {
  FakeNetlinkOpener opener({{0, {Datagram(TcpMessages(0, 2)), Datagram({DoneMessage(-EBUSY)})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().errnum, EBUSY);
}

TEST(RunDump, AcksNoopsAndDoneWithoutStatusAreAccepted) {
  FakeMessage noop;
  noop.type = NLMSG_NOOP;
  FakeMessage bare_done;
  bare_done.type = NLMSG_DONE;
  FakeNetlinkOpener opener(
      {{0, {Datagram({ErrorMessage(0), noop, TcpSocketMessage(0)}), Datagram({bare_done})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_EQ(run.inodes, Inodes(0, 1));
}

TEST(RunDump, SendFailureIsReportedWithItsErrno) {
  FakeNetlinkOpener opener({FakeScript{EPERM, {}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kPermission);
  EXPECT_LT(run.elapsed, kMargin);
}

TEST(RunDump, OpenFailureIsReported) {
  FakeNetlinkOpener opener(std::vector<FakeScript>{});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_THAT(run.result.error().message, HasSubstr("sock_diag tcp/inet"));
}

// The real socket retries EINTR itself (see netlink_socket_real_test.cpp); a
// transport that lets one through still ends the dump at once, with the errno.
TEST(RunDump, EintrFromTheTransportFailsFastWithItsErrno) {
  FakeNetlinkOpener opener({{0, {Errno(EINTR)}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().errnum, EINTR);
  EXPECT_LT(run.elapsed, kMargin);
}

}  // namespace
}  // namespace sockscope::testing
