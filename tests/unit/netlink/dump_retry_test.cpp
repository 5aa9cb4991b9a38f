// RunDump retries: MSG_TRUNC and ENOBUFS once on a fresh socket,
// NLM_F_DUMP_INTR a bounded number of times; messages that are not ours are
// skipped and counted; a retry starts from nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "netlink/dump.h"
#include "unit/netlink/dump_support.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;
using base::ErrorKind;

FakeScript Clean(uint32_t first, uint32_t count) {
  return {0, {Datagram(TcpMessages(first, count)), Datagram({DoneMessage()})}};
}

TEST(RunDumpRetry, TruncatedDatagramIsRetriedOnAFreshSocket) {
  FakeNetlinkOpener opener({{0, {Datagram(TcpMessages(0, 2)), Truncated()}}, Clean(10, 3)});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_EQ(run.inodes, Inodes(10, 3));  // nothing of the first attempt
  EXPECT_EQ(run.restarts, 1);
  EXPECT_EQ(run.result->attempts, 2);
  EXPECT_EQ(opener.opened(), 2);
  EXPECT_TRUE(opener.log(0).closed);  // the abandoned socket is closed
}

TEST(RunDumpRetry, TruncatedTwiceFails) {
  FakeScript bad{0, {Truncated()}};
  FakeNetlinkOpener opener({bad, bad});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("larger than the"));
  EXPECT_THAT(run.result.error().message, HasSubstr("gave up after 2 attempts"));
  EXPECT_EQ(opener.opened(), 2);
}

TEST(RunDumpRetry, EnobufsIsRetriedOnceThenReported) {
  FakeNetlinkOpener once({{0, {Datagram(TcpMessages(0, 2)), Errno(ENOBUFS)}}, Clean(20, 2)});
  auto ok = RunTcpDump(once, 1s);
  ASSERT_TRUE(ok.result) << ok.result.error().message;
  EXPECT_EQ(ok.inodes, Inodes(20, 2));

  FakeScript bad{0, {Errno(ENOBUFS)}};
  FakeNetlinkOpener twice({bad, bad}, /*repeat_last=*/true);
  auto failed = RunTcpDump(twice, 1s);
  ASSERT_FALSE(failed.result);
  EXPECT_EQ(failed.result.error().errnum, ENOBUFS);
  EXPECT_THAT(failed.result.error().message, HasSubstr("dropped replies"));
  EXPECT_EQ(twice.opened(), 2);  // exactly one retry, even though more would be offered
}

TEST(RunDumpRetry, DumpInterruptedEveryTimeIsReportedAfterBoundedRetries) {
  FakeScript intr{
      0,
      {Datagram(TcpMessages(0, 2)),
       Datagram({TcpSocketMessage(2).WithFlags(NLM_F_MULTI | NLM_F_DUMP_INTR), DoneMessage()})}};
  FakeNetlinkOpener opener({intr}, /*repeat_last=*/true);
  netlink::DumpLimits limits;
  limits.interrupted_retries = 3;
  auto run = RunTcpDump(opener, 1s, limits);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kInterrupted);
  EXPECT_THAT(run.result.error().message, HasSubstr("NLM_F_DUMP_INTR"));
  EXPECT_THAT(run.result.error().message, HasSubstr("gave up after 4 attempts"));
  EXPECT_EQ(opener.opened(), 4);
  EXPECT_EQ(run.restarts, 3);
  EXPECT_LT(run.elapsed, 1s);
}

TEST(RunDumpRetry, DumpInterruptedOnceKeepsOnlyTheCleanAttempt) {
  FakeScript intr{0,
                  {Datagram(TcpMessages(0, 3)),
                   Datagram({DoneMessage().WithFlags(NLM_F_MULTI | NLM_F_DUMP_INTR)})}};
  FakeNetlinkOpener opener({intr, Clean(0, 3)});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_EQ(run.inodes, Inodes(0, 3));  // once each: no duplicates from the first try
  EXPECT_EQ(run.result->interrupted, 1);
  EXPECT_EQ(run.result->messages, 3u);  // counts the published attempt only
}

TEST(RunDumpRetry, InterruptedRetriesStopAtTheDeadline) {
  FakeScript slow_intr{0, {Datagram({DoneMessage().WithFlags(NLM_F_DUMP_INTR)}), Silence()}};
  FakeScript intr_then_silence{0, {Datagram({TcpSocketMessage(0)}), Silence()}};
  FakeNetlinkOpener opener({slow_intr, intr_then_silence});
  auto run = RunTcpDump(opener, 100ms);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kTimeout);
  EXPECT_LT(run.elapsed, 100ms + kMargin);
}

TEST(RunDumpRetry, NoRetryStartsAfterTheDeadline) {
  // The first attempt fails (truncated) only once the deadline has passed.
  FakeScript late{0, {Truncated()}};
  FakeNetlinkOpener opener({late, Clean(0, 1)});
  auto run = RunTcpDump(opener, 0ms);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, ErrorKind::kTimeout);
  EXPECT_TRUE(run.inodes.empty());
}

TEST(RunDumpRetry, ForeignMessagesAreSkippedAndCounted) {
  FakeNetlinkOpener opener(
      {{0,
        {Datagram({TcpSocketMessage(90).WithSeq(12345), TcpSocketMessage(0),
                   TcpSocketMessage(91).WithPort(4242)}),
         DatagramFrom(777, TcpMessages(92, 2)),
         Datagram({TcpSocketMessage(1), DoneMessage().WithSeqDelta(1), DoneMessage()})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_EQ(run.inodes, Inodes(0, 2));
  // seq, port, a datagram from another sender (counted once), a foreign DONE.
  EXPECT_EQ(run.result->foreign_messages, 4u);
}

TEST(RunDumpRetry, StaleRepliesOfTheAbandonedDumpAreIgnoredOnTheNewSocket) {
  // Attempt 1 (port 0x1000) is truncated; socket 2 first sees leftovers
  // carrying the previous request's sequence number and port.
  FakeNetlinkOpener opener({{0, {Datagram(TcpMessages(0, 2)), Truncated()}},
                            {0,
                             {Datagram({TcpSocketMessage(50).WithSeqDelta(-1).WithPort(0x1000),
                                        DoneMessage().WithSeqDelta(-1)}),
                              Datagram(TcpMessages(0, 4)), Datagram({DoneMessage()})}}});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_EQ(run.inodes, Inodes(0, 4));
  EXPECT_EQ(run.result->foreign_messages, 2u);
}

TEST(RunDumpRetry, EverySocketGetsItsOwnSequenceNumber) {
  FakeNetlinkOpener opener({{0, {Truncated()}}, Clean(0, 1)});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result);
  nlmsghdr first, second;
  std::memcpy(&first, opener.log(0).requests.at(0).data(), sizeof first);
  std::memcpy(&second, opener.log(1).requests.at(0).data(), sizeof second);
  EXPECT_NE(first.nlmsg_seq, second.nlmsg_seq);
}

TEST(RunDumpRetry, OverrunIsRetried) {
  FakeMessage overrun;
  overrun.type = NLMSG_OVERRUN;
  FakeNetlinkOpener opener({{0, {Datagram({overrun})}}, Clean(0, 2)});
  auto run = RunTcpDump(opener, 1s);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_EQ(run.result->attempts, 2);
}

}  // namespace
}  // namespace sockscope::testing
