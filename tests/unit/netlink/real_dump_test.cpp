// RunDump against the real kernel in a private network namespace: a storm of
// signals (EINTR everywhere), a tiny socket receive buffer (the kernel may
// drop replies) and a tiny user buffer (MSG_TRUNC). Whatever happens, the
// dump ends within its deadline and never passes a short list off as whole.
#include <signal.h>
#include <sys/time.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "netlink/dump.h"
#include "unit/netlink/dump_support.h"
#include "unit/netlink/real_support.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::atomic<int> g_alarms{0};
void OnAlarm(int) { g_alarms.fetch_add(1, std::memory_order_relaxed); }

// SIGALRM every `interval` without SA_RESTART: every blocking call in this
// thread (poll above all) keeps failing with EINTR while it lives.
class AlarmStorm {
 public:
  explicit AlarmStorm(suseconds_t interval_us) {
    struct sigaction sa {};
    sa.sa_handler = OnAlarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    ::sigaction(SIGALRM, &sa, &old_);
    itimerval it{{0, interval_us}, {0, interval_us}};
    ::setitimer(ITIMER_REAL, &it, nullptr);
  }
  ~AlarmStorm() {
    itimerval off{};
    ::setitimer(ITIMER_REAL, &off, nullptr);
    ::sigaction(SIGALRM, &old_, nullptr);
  }

 private:
  struct sigaction old_ {};
};

class RealDump : public ::testing::Test {
 protected:
  void SetUp() override {
    netns_ = std::make_unique<PrivateNetns>();
    if (!netns_->ok()) GTEST_SKIP() << "private network namespace: " << netns_->error();
  }
  void TearDown() override {
    sockets_.clear();
    netns_.reset();
  }
  void MakeListeners(size_t n) {
    for (size_t i = 0; i < n; ++i) sockets_.push_back(Listener(AF_INET, 1));
  }

  std::unique_ptr<PrivateNetns> netns_;
  std::vector<base::UniqueFd> sockets_;
};

TEST_F(RealDump, CompletesUnderAnEintrStorm) {
  MakeListeners(300);
  g_alarms = 0;
  std::vector<DumpRun> runs;
  {
    AlarmStorm storm(100);
    for (int i = 0; i < 20; ++i) runs.push_back(RunTcpDump(sys::RealNetlinkOpener(), 2s));
  }
  EXPECT_GT(g_alarms.load(), 0) << "the storm never fired";
  for (const auto& run : runs) {
    ASSERT_TRUE(run.result) << run.result.error().message;
    EXPECT_EQ(run.inodes.size(), 300u);
    EXPECT_LT(run.elapsed, 2s);
  }
}

TEST_F(RealDump, SilentSocketTimesOutOnTimeUnderAnEintrStorm) {
  auto socket = sys::RealNetlinkOpener().Open(NETLINK_SOCK_DIAG, 0);
  ASSERT_TRUE(socket) << socket.error().message;
  std::vector<uint8_t> buffer(4096);
  g_alarms = 0;
  auto start = base::Clock::now();
  base::Result<sys::ReceivedDatagram> got = base::MakeError(base::ErrorKind::kIo, "not run");
  {
    AlarmStorm storm(100);
    got = (*socket)->Receive(buffer, base::Deadline::After(200ms));
  }
  auto elapsed = base::Clock::now() - start;
  EXPECT_GT(g_alarms.load(), 10);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, base::ErrorKind::kTimeout);
  EXPECT_GE(elapsed, 200ms);            // EINTR did not end the wait early...
  EXPECT_LT(elapsed, 200ms + kMargin);  // ...nor restart it from scratch
}

// SO_RCVBUF far below one reply: the kernel's dump paces itself to the
// reader, or it reports ENOBUFS. Either a full list or an error, never less.
TEST_F(RealDump, TinyReceiveBufferGivesTheFullListOrAnError) {
  RaiseFdLimit();
  constexpr size_t kSockets = 3000;
  MakeListeners(kSockets);
  netlink::DumpLimits limits;
  limits.socket_receive_buffer = 1024;  // the kernel rounds up to its minimum
  auto run = RunTcpDump(sys::RealNetlinkOpener(), 5s, limits);
  EXPECT_LT(run.elapsed, 5s + kMargin);
  RecordProperty("outcome", run.result ? "full list" : run.result.error().message);
  if (run.result) {
    EXPECT_EQ(run.inodes.size(), kSockets);
  } else {
    EXPECT_NE(run.result.error().kind, base::ErrorKind::kTimeout) << run.result.error().message;
    EXPECT_FALSE(run.result.error().message.empty());
  }
  auto normal = RunTcpDump(sys::RealNetlinkOpener(), 5s);
  ASSERT_TRUE(normal.result) << normal.result.error().message;
  EXPECT_EQ(normal.inodes.size(), kSockets);
}

TEST_F(RealDump, BufferSmallerThanADatagramFailsAfterOneRetry) {
  MakeListeners(200);
  netlink::DumpLimits limits;
  limits.buffer_bytes = 256;
  auto run = RunTcpDump(sys::RealNetlinkOpener(), 2s, limits);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().kind, base::ErrorKind::kMalformed);
  EXPECT_THAT(run.result.error().message, HasSubstr("larger than the 256-byte buffer"));
  EXPECT_THAT(run.result.error().message, HasSubstr("gave up after 2 attempts"));
  EXPECT_EQ(run.restarts, 1);
  EXPECT_LT(run.elapsed, 2s);
}

}  // namespace
}  // namespace sockscope::testing
