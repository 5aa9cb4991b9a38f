// Issue 13: verdicts from progress between two samples (recv-queue,
// close-wait, send-queue buildup), grouping by program across processes, and
// the client-side and UDP findings (connect-not-completing,
// connections-piling-up, udp-receive-drops).
#include <gtest/gtest.h>

#include "diagnose/socket_groups.h"
#include "diagnose/thresholds.h"
#include "unit/diagnose/diagnose_test_util.h"

namespace sockscope::diagnose {
namespace {

using model::State;
using testing::Listen;
using testing::MakeSnapshot;
using testing::Proc;
using testing::Tcp;

// `n` connections in `state`, local 10.0.0.1:`lport` (0: 40000+i) to
// `peer`:`pport` (0: 40000+i), cookies and inodes from `first`, each held by
// process pid_base + i / per_process named `comm` (pid_base 0: no owner).
void Add(model::Snapshot& s, State state, uint32_t n, uint64_t first, uint16_t lport,
         uint16_t pport, int32_t pid_base = 0, uint32_t per_process = 1000,
         const char* comm = "app") {
  for (uint32_t i = 0; i < n; ++i) {
    auto port = static_cast<uint16_t>(40000 + i);
    auto sock =
        Tcp(state, "10.0.0.1", lport ? lport : port, "10.0.0.9", pport ? pport : port, first + i);
    sock.cookie = first + i;
    sock.tcp_info = model::TcpInfo{};
    s.sockets.push_back(sock);
    if (pid_base)
      s.owners.Add(first + i, Proc(pid_base + static_cast<int32_t>(i / per_process), comm));
  }
  s.owners_collected = true;
}

TEST(RecvQueueBuildup, Issue13BusyReaderWithUnreadBytesIsQuiet) {
  // wrk's 150 connections each hold a response at both instants, but the
  // application read in between: bytes received grew more than Recv-Q.
  auto prev = MakeSnapshot();
  Add(prev, State::kEstablished, 150, 100, 0, 80, 7, 1000, "wrk");
  for (auto& s : prev.sockets) s.recv_q = 150;
  auto cur = prev;
  for (auto& s : cur.sockets) s.tcp_info->bytes_received += 30000;
  EXPECT_TRUE(RunRules(prev, cur, "recv-queue-buildup").empty());
  // The same sockets, nothing read: every byte received is still queued.
  for (auto& s : cur.sockets) s.recv_q += 30000;
  auto f = RunRules(prev, cur, "recv-queue-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "sockets_not_reading"), 150u);
}

TEST(RecvQueueBuildup, Issue13OneSampleOrNewSocketsGiveNoVerdict) {
  auto cur = MakeSnapshot();
  Add(cur, State::kEstablished, 40, 100, 0, 80, 7);
  for (auto& s : cur.sockets) s.recv_q = 1 << 20;
  EXPECT_TRUE(RunRules(cur, "recv-queue-buildup").empty());
  auto prev = MakeSnapshot();  // none of these sockets existed yet
  EXPECT_TRUE(RunRules(prev, cur, "recv-queue-buildup").empty());
}

TEST(CloseWaitBuildup, Issue13TransientCloseWaitIsQuiet) {
  auto prev = MakeSnapshot();
  Add(prev, State::kCloseWait, 40, 100, 8080, 0, 7);
  auto cur = MakeSnapshot();
  Add(cur, State::kCloseWait, 40, 500, 8080, 0, 7);  // other sockets each time
  EXPECT_TRUE(RunRules(prev, cur, "close-wait-buildup").empty());
}

TEST(CloseWaitBuildup, Issue13LeakSpreadOverWorkersIsOneProgram) {
  // A prefork server: 40 workers with one CLOSE-WAIT each.
  auto s = MakeSnapshot();
  s.sockets.push_back(Listen("0.0.0.0", 8080, 0, 128, 1));
  Add(s, State::kCloseWait, 40, 100, 8080, 0, 1000, 1, "apache2");
  auto f = RunRules(s, s, "close-wait-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "close_wait"), 40u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "processes_total"), 40u);
  EXPECT_EQ(f[0].processes.size(), kMaxProcessesListed);
  EXPECT_EQ(f[0].processes.front().pid, 1000);
  EXPECT_NE(f[0].summary.find("apache2 (40 processes: pids 1000, 1001"), std::string::npos)
      << f[0].summary;
}

TEST(SendQueueBuildup, Issue13BulkTransferBeingAcknowledgedIsQuiet) {
  auto prev = MakeSnapshot();
  Add(prev, State::kEstablished, 10, 100, 0, 873, 7);
  for (auto& s : prev.sockets) s.send_q = 4 << 20;
  auto cur = prev;
  for (auto& s : cur.sockets) s.tcp_info->bytes_acked += 1 << 20;
  EXPECT_TRUE(RunRules(prev, cur, "send-queue-buildup").empty());
  auto f = RunRules(prev, prev, "send-queue-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

// SYN-SENT to 10.0.0.9:5432 from one program, `retrans` on each.
model::Snapshot SynSent(uint32_t n, uint64_t first, uint32_t retrans) {
  auto s = MakeSnapshot();
  Add(s, State::kSynSent, n, first, 0, 5432, 300, 1000, "haproxy");
  for (auto& sock : s.sockets) sock.tcp_info->retransmits = retrans;
  return s;
}

TEST(ConnectNotCompleting, Issue13StuckConnectsToOneDestinationNameProgramAndDestination) {
  auto prev = SynSent(kSynSentMin, 100, 0);
  auto cur = SynSent(kSynSentMin, 100, 1);
  auto f = RunRules(prev, cur, "connect-not-completing");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<std::string>(f[0], "destination"), "10.0.0.9:5432");
  EXPECT_EQ(Ev<uint64_t>(f[0], "syn_sent"), kSynSentMin);
  EXPECT_EQ(Ev<uint64_t>(f[0], "retransmitting"), kSynSentMin);
  ASSERT_EQ(f[0].processes.size(), 1u);
  EXPECT_EQ(f[0].processes[0].pid, 300);
  EXPECT_NE(f[0].summary.find("haproxy (pid 300)"), std::string::npos) << f[0].summary;
}

TEST(ConnectNotCompleting, Issue13ConnectsThatCompleteOrNeverRetransmitAreQuiet) {
  // New connects each sample (a busy client): no verdict.
  EXPECT_TRUE(RunRules(SynSent(20, 100, 1), SynSent(20, 500, 1), "connect-not-completing").empty());
  // No retransmission yet.
  EXPECT_TRUE(RunRules(SynSent(20, 100, 0), SynSent(20, 100, 0), "connect-not-completing").empty());
  // Below the minimum.
  EXPECT_TRUE(RunRules(SynSent(kSynSentMin - 1, 100, 1), SynSent(kSynSentMin - 1, 100, 1),
                       "connect-not-completing")
                  .empty());
  // One sample.
  EXPECT_TRUE(RunRules(SynSent(20, 100, 1), "connect-not-completing").empty());
}

// `n` idle client connections of "app" to 10.0.0.9:5432, cookies from 100.
model::Snapshot Pool(uint32_t n, uint32_t idle_ms) {
  auto s = MakeSnapshot();
  Add(s, State::kEstablished, n, 100, 0, 5432, 400);
  for (auto& sock : s.sockets) sock.tcp_info->last_send_ms = sock.tcp_info->last_recv_ms = idle_ms;
  return s;
}

TEST(ConnectionsPilingUp, Issue13GrowingIdleConnectionsToOneDestination) {
  auto f = RunRules(Pool(kPileUpMin, 5000), Pool(kPileUpMin + 5, 5000), "connections-piling-up");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "idle"), kPileUpMin + 5);
  EXPECT_EQ(Ev<uint64_t>(f[0], "opened_between_samples"), 5u);
  EXPECT_EQ(Ev<std::string>(f[0], "destination"), "10.0.0.9:5432");
  EXPECT_EQ(f[0].processes.at(0).pid, 400);
}

// Exactly the minimum of idle connections in the whole sample is enough
// (the rule skips grouping only below it); one fewer is quiet.
TEST(ConnectionsPilingUp, TheMinimumOfIdleConnectionsInTheWholeSampleIsEnough) {
  auto f = RunRules(Pool(kPileUpMin - 5, 5000), Pool(kPileUpMin, 5000), "connections-piling-up");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "idle"), uint64_t{kPileUpMin});
  EXPECT_EQ(Ev<uint64_t>(f[0], "opened_between_samples"), 5u);
  EXPECT_TRUE(
      RunRules(Pool(kPileUpMin - 6, 5000), Pool(kPileUpMin - 1, 5000), "connections-piling-up")
          .empty());
}

TEST(ConnectionsPilingUp, Issue13StablePoolOrBusyConnectionsAreQuiet) {
  // A pool of a fixed size, idle: not growing.
  EXPECT_TRUE(RunRules(Pool(100, 5000), Pool(100, 5000), "connections-piling-up").empty());
  // Growing but in use.
  EXPECT_TRUE(RunRules(Pool(100, 5), Pool(120, 5), "connections-piling-up").empty());
  // Server side: the local port is listening.
  auto cur = Pool(120, 5000);
  for (auto& s : cur.sockets) s.local.port = 5432;
  cur.sockets.push_back(Listen("0.0.0.0", 5432, 0, 128, 1));
  EXPECT_TRUE(RunRules(Pool(100, 5000), cur, "connections-piling-up").empty());
}

model::Socket Udp(uint32_t recv_q, uint32_t drops) {
  model::Socket s;
  s.proto = model::Proto::kUdp;
  s.netns = 1;
  s.state = State::kClose;
  s.local = testing::Ep("127.0.0.1", 53);
  s.inode = 77;
  s.cookie = 77;
  s.recv_q = recv_q;
  s.mem = model::MemInfo{};
  s.mem->rcvbuf = 212992;
  s.mem->drops = drops;
  return s;
}

TEST(UdpReceiveDrops, Issue13StoppedReaderIsCriticalAndNamed) {
  auto prev = MakeSnapshot();
  prev.sockets.push_back(Udp(212000, 10));
  prev.namespaces[0].counters.values = {{"Udp.RcvbufErrors", 10}, {"Udp.InErrors", 10}};
  auto cur = prev;
  cur.sockets[0].mem->drops = 3010;
  cur.namespaces[0].counters.values = {{"Udp.RcvbufErrors", 3010}, {"Udp.InErrors", 3010}};
  cur.owners_collected = true;
  cur.owners.Add(77, Proc(53, "dnsmasq"));
  auto f = RunRules(prev, cur, "udp-receive-drops");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(Ev<uint64_t>(f[0], "drops"), 3000u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "udp_rcvbuf_errors"), 3000u);
  EXPECT_EQ(Ev<std::string>(f[0], "local"), "127.0.0.1:53");
  EXPECT_EQ(f[0].processes.at(0).pid, 53);
  // Drops while the queue drains (a burst): warning.
  cur.sockets[0].recv_q = 1000;
  f = RunRules(prev, cur, "udp-receive-drops");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

TEST(UdpReceiveDrops, Issue13NoGrowthOrOneSampleIsQuiet) {
  auto s = MakeSnapshot();
  s.sockets.push_back(Udp(212000, 5000));  // old drops, nothing new
  EXPECT_TRUE(RunRules(s, s, "udp-receive-drops").empty());
  EXPECT_TRUE(RunRules(s, "udp-receive-drops").empty());
}

TEST(Diagnose, Issue13HealthyBusyServerBetweenTwoSamplesIsQuiet) {
  // nginx under wrk: a listener with children queued at each instant (other
  // ones), 200 connections with unread requests that are read, transient
  // CLOSE-WAITs, connects that complete, no counter growth.
  auto prev = MakeSnapshot();
  auto l = testing::MakeListener("127.0.0.1", 80, 7, 511);
  l.unaccepted = 7;
  l.owners = {Proc(10, "nginx")};
  l.owners_known = true;
  prev.listeners.push_back(l);
  prev.sockets.push_back(Listen("127.0.0.1", 80, 7, 511, l.inode));
  auto cur = prev;
  Add(prev, State::kEstablished, 7, 900, 80, 0);  // unaccepted children
  for (size_t i = 1; i < prev.sockets.size(); ++i) prev.sockets[i].inode = 0;
  Add(cur, State::kEstablished, 7, 950, 80, 0);
  for (size_t i = 1; i < cur.sockets.size(); ++i) cur.sockets[i].inode = 0;
  for (auto* s : {&prev, &cur}) {
    Add(*s, State::kEstablished, 200, 2000, 80, 0, 10, 1000, "nginx");
    Add(*s, State::kCloseWait, 20, s == &prev ? 5000 : 6000, 80, 0, 10, 1000, "nginx");
    for (auto& sock : s->sockets)
      if (sock.state == State::kEstablished && sock.inode != 0) sock.recv_q = 150;
  }
  for (auto& sock : cur.sockets)
    if (sock.tcp_info) sock.tcp_info->bytes_received += 100000;
  auto all = Diagnose(DiagnoseInput{&prev, cur, std::chrono::seconds(1)});
  EXPECT_TRUE(all.empty()) << all.front().id << ": " << all.front().summary;
}

}  // namespace
}  // namespace sockscope::diagnose
