// unaccepted-connections, accept-queue-full/high, backlog-capped-by-somaxconn,
// small-backlog, syn-queue-pressure on hand-built listeners.
#include <gtest/gtest.h>

#include "diagnose/thresholds.h"
#include "unit/diagnose/diagnose_test_util.h"

namespace sockscope::diagnose {
namespace {

using testing::MakeListener;
using testing::MakeSnapshot;
using testing::Proc;

// A snapshot with listener `l` and its l.unaccepted children (ESTABLISHED,
// inode 0) with cookies from `first_cookie`.
model::Snapshot WithListener(const model::Listener& l, uint64_t first_cookie = 500) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  s.listeners.push_back(l);
  for (uint32_t i = 0; i < l.unaccepted; ++i) {
    auto c = testing::Tcp(model::State::kEstablished, "10.0.0.1", l.local.port, "10.0.0.2",
                          static_cast<uint16_t>(40000 + i), 0, l.netns);
    c.cookie = first_cookie + i;
    s.sockets.push_back(c);
  }
  return s;
}

TEST(Diagnose, HealthySnapshotHasNoFindings) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  auto l = MakeListener("0.0.0.0", 80, 1, 4096);
  l.owners = {Proc(10, "nginx")};
  l.owners_known = true;
  l.syn_recv = 2;
  l.unaccepted = 1;
  s.listeners.push_back(l);
  s.sockets.push_back(
      testing::Tcp(model::State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000, 7));
  s.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 0}, {"TcpExt.ListenDrops", 0}};
  auto prev = s;
  auto all = Diagnose(DiagnoseInput{&prev, s, std::chrono::seconds(1)});
  EXPECT_TRUE(all.empty()) << all.front().id;
}

TEST(UnacceptedConnections, NamesTheListenersOwner) {
  auto l = MakeListener("0.0.0.0", 80, kUnacceptedMin, 511);
  l.unaccepted = kUnacceptedMin;
  l.owners = {Proc(925, "nginx", 6), Proc(925, "nginx", 7)};
  l.owners_known = true;
  auto f = RunRules(WithListener(l), WithListener(l), "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].summary,
            "4 connections on :80 completed the handshake but nginx (pid 925) has not called "
            "accept() for them");
  ASSERT_EQ(f[0].processes.size(), 1u);  // one per pid
  EXPECT_EQ(f[0].processes[0].pid, 925);
  ASSERT_TRUE(f[0].listener.has_value());
  EXPECT_EQ(f[0].listener->local.port, 80);
  EXPECT_EQ(Ev<uint64_t>(f[0], "unaccepted"), kUnacceptedMin);
  EXPECT_EQ(f[0].netns, 1u);
  EXPECT_FALSE(f[0].why.empty());
  EXPECT_FALSE(f[0].advice.empty());
}

TEST(UnacceptedConnections, OneBelowThresholdIsQuiet) {
  auto l = MakeListener("0.0.0.0", 80, 3, 511);
  l.unaccepted = kUnacceptedMin - 1;
  EXPECT_TRUE(RunRules(WithListener(l), WithListener(l), "unaccepted-connections").empty());
}

TEST(UnacceptedConnections, CriticalWhenQueueAlsoFull) {
  auto l = MakeListener("0.0.0.0", 80, 6, 5);
  l.unaccepted = 6;
  // A full queue is a verdict even from one sample.
  auto f = RunRules(WithListener(l), "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
}

TEST(UnacceptedConnections, OneSampleWithRoomInTheQueueIsNoVerdict) {
  auto l = MakeListener("0.0.0.0", 80, 6, 128);
  l.unaccepted = 6;
  EXPECT_TRUE(RunRules(WithListener(l), "unaccepted-connections").empty());
}

TEST(UnacceptedConnections, Issue13BusyServerWhoseQueueTurnsOverIsQuiet) {
  // 7 children queued at each instant, but different ones: accept() keeps up.
  auto l = MakeListener("0.0.0.0", 80, 7, 511);
  l.unaccepted = 7;
  auto prev = WithListener(l, 100);
  auto cur = WithListener(l, 200);
  EXPECT_TRUE(RunRules(prev, cur, "unaccepted-connections").empty());
}

// Two members of a reuseport group on :80; member `stuck_inode` kept its queue.
struct Reuseport {
  model::Snapshot prev, cur;
};
Reuseport ReuseportGroup(bool shared_processes) {
  auto a = MakeListener("0.0.0.0", 80, 0, 511);
  a.inode = 11;
  a.reuseport_group = 2;
  a.owners = {Proc(100, "worker")};
  a.owners_known = true;
  auto b = a;
  b.inode = 12;
  b.owners = {Proc(shared_processes ? 100 : 101, "worker")};
  b.accept_queue_len = 6;
  // The lowest inode carries the group's children (collect/listeners.h).
  a.unaccepted = 6;
  Reuseport r;
  r.cur = WithListener(a);
  r.cur.listeners.push_back(b);
  r.prev = r.cur;
  return r;
}

TEST(UnacceptedConnections, Issue13ReuseportNamesTheStuckMemberNotTheFirst) {
  auto r = ReuseportGroup(false);
  auto f = RunRules(r.prev, r.cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_TRUE(f[0].listener.has_value());
  EXPECT_EQ(f[0].listener->inode, 12u);
  ASSERT_EQ(f[0].processes.size(), 1u);
  EXPECT_EQ(f[0].processes[0].pid, 101);
  EXPECT_EQ(Ev<uint64_t>(f[0], "accept_queue_len"), 6u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "unaccepted"), 6u);
  EXPECT_EQ(Ev<bool>(f[0], "process_singled_out"), true);
}

TEST(UnacceptedConnections, Issue13ReuseportSharedByAllWorkersSaysItCannotTell) {
  auto r = ReuseportGroup(true);
  auto f = RunRules(r.prev, r.cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].listener->inode, 12u);
  EXPECT_EQ(Ev<bool>(f[0], "process_singled_out"), false);
  EXPECT_NE(f[0].summary.find("cannot be told"), std::string::npos) << f[0].summary;
}

// nginx with `reuseport`: every worker holds both members; each worker's
// epoll set watches only its own, and the stuck one is stopped.
Reuseport NginxLikeGroup() {
  auto r = ReuseportGroup(true);
  for (auto* s : {&r.prev, &r.cur})
    for (auto& l : s->listeners) l.owners = {Proc(100, "nginx"), Proc(101, "nginx")};
  r.cur.owners.details[100] = {'S', true, {11}};
  r.cur.owners.details[101] = {'T', true, {12}};
  return r;
}

TEST(UnacceptedConnections, Issue13ReuseportWorkerSingledOutByEpollAndState) {
  auto r = NginxLikeGroup();
  auto f = RunRules(r.prev, r.cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].listener->inode, 12u);
  ASSERT_EQ(f[0].processes.size(), 1u);
  EXPECT_EQ(f[0].processes[0].pid, 101);
  EXPECT_EQ(Ev<bool>(f[0], "process_singled_out"), true);
  EXPECT_EQ(Ev<std::string>(f[0], "singled_out_by"), "epoll and state");
  EXPECT_EQ(Ev<std::string>(f[0], "process_state"), "T (stopped)");
}

TEST(UnacceptedConnections, Issue13ReuseportWorkerSingledOutByStateAlone) {
  auto r = NginxLikeGroup();
  r.cur.owners.details[100].epoll_known = false;  // one epoll set unreadable
  auto f = RunRules(r.prev, r.cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_EQ(f[0].processes.size(), 1u);
  EXPECT_EQ(f[0].processes[0].pid, 101);
  EXPECT_EQ(Ev<std::string>(f[0], "singled_out_by"), "state");
}

TEST(UnacceptedConnections, Issue13ReuseportEpollSetsWatchingNoneOfItDoNotNarrow) {
  // The stopped worker had not registered its member yet: its epoll set is
  // known and empty. That is no sign; its state still is.
  auto r = NginxLikeGroup();
  r.cur.owners.details[101] = {'T', true, {}};
  auto f = RunRules(r.prev, r.cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_EQ(f[0].processes.size(), 1u);
  EXPECT_EQ(f[0].processes[0].pid, 101);
  EXPECT_EQ(Ev<std::string>(f[0], "singled_out_by"), "state");
}

TEST(UnacceptedConnections, Issue13ReuseportRunningWorkersWatchingBothCannotBeTold) {
  auto r = NginxLikeGroup();
  r.cur.owners.details[100] = {'S', true, {11, 12}};
  r.cur.owners.details[101] = {'R', true, {11, 12}};
  auto f = RunRules(r.prev, r.cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<bool>(f[0], "process_singled_out"), false);
  EXPECT_EQ(f[0].processes.size(), 2u);
}

TEST(UnacceptedConnections, Issue13ReuseportGroupStuckAsAWhole) {
  auto r = ReuseportGroup(false);
  for (auto* s : {&r.prev, &r.cur}) s->listeners[0].accept_queue_len = 3;
  auto f = RunRules(r.prev, r.cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "stuck_members"), 2u);
  EXPECT_NE(f[0].summary.find("whole group"), std::string::npos) << f[0].summary;
  EXPECT_EQ(f[0].processes.size(), 2u);
}

TEST(UnacceptedConnections, SaysSoWhenOwnerIsHidden) {
  auto l = MakeListener("0.0.0.0", 80, 5, 128);
  l.unaccepted = 5;
  l.owners_known = false;
  auto s = WithListener(l);
  s.owners.processes_hidden = 2;
  auto f = RunRules(s, s, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].summary.find("hidden"), std::string::npos) << f[0].summary;
  EXPECT_TRUE(f[0].processes.empty());
}

TEST(UnacceptedConnections, ReportsThePreviousSample) {
  auto l = MakeListener("0.0.0.0", 80, 5, 128);
  l.unaccepted = 5;
  auto cur = WithListener(l);
  auto prev = cur;
  prev.listeners[0].unaccepted = 3;
  prev.sockets.resize(3);
  auto f = RunRules(prev, cur, "unaccepted-connections");
  // Only 3 of the 5 children waited through the interval: below the minimum.
  EXPECT_TRUE(f.empty());
  prev = cur;
  prev.listeners[0].unaccepted = 5;
  f = RunRules(prev, cur, "unaccepted-connections");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "unaccepted_previous_sample"), 5u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "unaccepted_in_both_samples"), 5u);
}

TEST(UnacceptedConnections, FewInBothSamplesStayQuiet) {
  // A busy server often has a child or two queued at any instant.
  auto l = MakeListener("0.0.0.0", 80, 1, 511);
  l.unaccepted = kUnacceptedMin - 1;
  auto cur = WithListener(l);
  auto prev = cur;
  EXPECT_TRUE(RunRules(prev, cur, "unaccepted-connections").empty());
}

TEST(AcceptQueueFull, LenAboveMaxIsCritical) {
  auto l = MakeListener("0.0.0.0", 8080, 129, 128);
  auto f = RunRules(WithListener(l), "accept-queue-full");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(Ev<uint64_t>(f[0], "accept_queue_len"), 129u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "accept_queue_max"), 128u);
  // Not also reported as high.
  EXPECT_TRUE(RunRules(WithListener(l), "accept-queue-high").empty());
}

TEST(AcceptQueueFull, LenEqualToMaxIsNotFullYet) {
  // The kernel's test is len > max: a queue holds max+1.
  auto l = MakeListener("0.0.0.0", 8080, 128, 128);
  EXPECT_TRUE(RunRules(WithListener(l), "accept-queue-full").empty());
  auto high = RunRules(WithListener(l), "accept-queue-high");
  ASSERT_EQ(high.size(), 1u);
  EXPECT_EQ(high[0].severity, Severity::kWarning);
}

TEST(AcceptQueueFull, UnknownMaxFromProcNeverFull) {
  auto l = MakeListener("0.0.0.0", 8080, 500, 0);
  l.accept_queue_max_known = false;
  auto s = WithListener(l);
  EXPECT_TRUE(RunRules(s, "accept-queue-full").empty());
  EXPECT_TRUE(RunRules(s, "accept-queue-high").empty());
  EXPECT_TRUE(RunRules(s, "small-backlog").empty());
  EXPECT_TRUE(RunRules(s, "backlog-capped-by-somaxconn").empty());
}

TEST(AcceptQueueHigh, AtFillThreshold) {
  auto l = MakeListener("0.0.0.0", 80, 80, 100);  // exactly 0.8
  auto f = RunRules(WithListener(l), "accept-queue-high");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(Ev<double>(f[0], "fill_percent"), 80.0);
  l.accept_queue_len = 79;
  EXPECT_TRUE(RunRules(WithListener(l), "accept-queue-high").empty());
}

TEST(AcceptQueueHigh, TinyQueuesNeedMinimumLength) {
  auto l = MakeListener("0.0.0.0", 80, 1, 1);  // 100% of 1, not full
  EXPECT_TRUE(RunRules(WithListener(l), "accept-queue-high").empty());
  l = MakeListener("0.0.0.0", 80, kAcceptQueueHighMinLen - 1, kAcceptQueueHighMinLen - 1);
  EXPECT_TRUE(RunRules(WithListener(l), "accept-queue-high").empty());
  l = MakeListener("0.0.0.0", 80, kAcceptQueueHighMinLen, kAcceptQueueHighMinLen);
  EXPECT_EQ(RunRules(WithListener(l), "accept-queue-high").size(), 1u);
}

TEST(BacklogCappedBySomaxconn, SmallSomaxconnIsInfo) {
  auto l = MakeListener("0.0.0.0", 80, 0, 128);
  auto s = WithListener(l);
  s.namespaces[0].limits.somaxconn = 128;
  auto f = RunRules(s, "backlog-capped-by-somaxconn");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  EXPECT_EQ(Ev<int64_t>(f[0], "somaxconn"), 128);
  EXPECT_FALSE(Ev<bool>(f[0], "under_pressure"));
  EXPECT_NE(f[0].advice.find("listen() again"), std::string::npos);
}

TEST(BacklogCappedBySomaxconn, LargeSomaxconnOnlyUnderPressure) {
  auto l = MakeListener("0.0.0.0", 80, 10, kSmallSomaxconn);
  auto s = WithListener(l);
  s.namespaces[0].limits.somaxconn = kSmallSomaxconn;
  EXPECT_TRUE(RunRules(s, "backlog-capped-by-somaxconn").empty());
  s.listeners[0].accept_queue_len = kSmallSomaxconn + 1;
  auto f = RunRules(s, "backlog-capped-by-somaxconn");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

TEST(BacklogCappedBySomaxconn, GrowingOverflowsWithThisListenersDropsCountAsPressure) {
  auto l = MakeListener("0.0.0.0", 80, 0, 4096);
  l.drops_known = true;
  l.drops = 3;
  auto prev = WithListener(l);
  l.drops = 11;
  auto cur = WithListener(l);
  prev.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 1}};
  cur.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 9}};
  auto f = RunRules(prev, cur, "backlog-capped-by-somaxconn");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

TEST(BacklogCappedBySomaxconn, OverflowsOfAnotherListenerAreNotThisOnesPressure) {
  auto l = MakeListener("0.0.0.0", 80, 0, 4096);
  l.drops_known = true;
  l.drops = 0;  // its own drops did not move
  auto cur = WithListener(l);
  auto prev = cur;
  prev.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 1}};
  cur.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 9}};
  EXPECT_TRUE(RunRules(prev, cur, "backlog-capped-by-somaxconn").empty());
}

TEST(BacklogCappedBySomaxconn, MaxBelowSomaxconnIsNotCapped) {
  auto l = MakeListener("0.0.0.0", 80, 0, 127);
  auto s = WithListener(l);
  s.namespaces[0].limits.somaxconn = 128;
  EXPECT_TRUE(RunRules(s, "backlog-capped-by-somaxconn").empty());
}

TEST(SmallBacklog, JavaDefaultIsInfo) {
  auto l = MakeListener("::", 8080, 0, 50);
  l.owners = {Proc(40, "java")};
  auto f = RunRules(WithListener(l), "small-backlog");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  EXPECT_NE(f[0].summary.find("java (pid 40)"), std::string::npos);
  EXPECT_NE(f[0].summary.find("[::]:8080"), std::string::npos);
}

TEST(SmallBacklog, BusyIsWarning) {
  auto l = MakeListener("0.0.0.0", 8080, 25, 50);  // exactly half
  auto f = RunRules(WithListener(l), "small-backlog");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  l.accept_queue_len = 24;
  f = RunRules(WithListener(l), "small-backlog");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
}

TEST(SmallBacklog, Boundaries) {
  auto l = MakeListener("0.0.0.0", 80, 0, kSmallBacklogMax);
  EXPECT_EQ(RunRules(WithListener(l), "small-backlog").size(), 1u);
  l.accept_queue_max = kSmallBacklogMax + 1;
  EXPECT_TRUE(RunRules(WithListener(l), "small-backlog").empty());
  // Equal to somaxconn: capped, not chosen small.
  l.accept_queue_max = 128;
  auto s = WithListener(l);
  s.namespaces[0].limits.somaxconn = 128;
  EXPECT_TRUE(RunRules(s, "small-backlog").empty());
}

TEST(SynQueuePressure, HalfOfAcceptMaxWithSyncookies) {
  auto l = MakeListener("0.0.0.0", 443, 0, 64);
  l.syn_recv = 32;  // exactly 0.5 of 64
  auto f = RunRules(WithListener(l), "syn-queue-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<uint64_t>(f[0], "syn_queue_limit"), 64u);
  l.syn_recv = 31;
  EXPECT_TRUE(RunRules(WithListener(l), "syn-queue-pressure").empty());
}

TEST(SynQueuePressure, AtLimitIsCritical) {
  auto l = MakeListener("0.0.0.0", 443, 0, 64);
  l.syn_recv = 64;
  auto f = RunRules(WithListener(l), "syn-queue-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
}

TEST(SynQueuePressure, Issue13HalfOpenBehindAFullAcceptQueueIsTheQueues) {
  // Clients whose final ACK was dropped for a full accept queue stay
  // half-open: accept-queue-full explains them, not SYN load.
  auto l = MakeListener("0.0.0.0", 443, 65, 64);
  l.syn_recv = 64;
  EXPECT_TRUE(RunRules(WithListener(l), "syn-queue-pressure").empty());
  auto f = RunRules(WithListener(l), "accept-queue-full");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].why.find("SYN-RECV"), std::string::npos);
}

TEST(SynQueuePressure, MinimumCountForTinyQueues) {
  auto l = MakeListener("0.0.0.0", 443, 0, 4);
  l.syn_recv = kSynRecvMin - 1;
  EXPECT_TRUE(RunRules(WithListener(l), "syn-queue-pressure").empty());
  l.syn_recv = kSynRecvMin;
  EXPECT_EQ(RunRules(WithListener(l), "syn-queue-pressure").size(), 1u);
}

TEST(SynQueuePressure, WithoutSyncookiesThreeQuartersOfMaxSynBacklog) {
  auto l = MakeListener("0.0.0.0", 443, 0, 4096);
  auto s = WithListener(l);
  s.namespaces[0].limits.tcp_syncookies = 0;
  s.namespaces[0].limits.tcp_max_syn_backlog = 128;  // drops above 96
  s.listeners[0].syn_recv = 48;
  auto f = RunRules(s, "syn-queue-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "syn_queue_limit"), 96u);
  s.listeners[0].syn_recv = 47;
  EXPECT_TRUE(RunRules(s, "syn-queue-pressure").empty());
}

TEST(SynQueuePressure, ProcSourceUsesMaxSynBacklog) {
  auto l = MakeListener("0.0.0.0", 443, 0, 0);
  l.accept_queue_max_known = false;
  l.syn_recv = 600;
  auto f = RunRules(WithListener(l), "syn-queue-pressure");  // tcp_max_syn_backlog 1024
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "syn_queue_limit"), 1024u);
  EXPECT_FALSE(Ev<bool>(f[0], "accept_queue_max_known"));
}

TEST(SynQueuePressure, ReqQFullDropGrowingIsCritical) {
  auto cur = MakeSnapshot();
  auto prev = cur;
  prev.namespaces[0].counters.values = {{"TcpExt.TCPReqQFullDrop", 5}};
  cur.namespaces[0].counters.values = {{"TcpExt.TCPReqQFullDrop", 12}};
  auto f = RunRules(prev, cur, "syn-queue-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(Ev<uint64_t>(f[0], "req_q_full_drop"), 7u);
  EXPECT_FALSE(f[0].listener.has_value());
  // One sample: no rate, no finding.
  EXPECT_TRUE(RunRules(cur, "syn-queue-pressure").empty());
}

TEST(Diagnose, ListenerFindingsSortedWorstFirst) {
  auto s = MakeSnapshot();
  s.listeners.push_back(MakeListener("0.0.0.0", 81, 0, 50));     // small-backlog info
  s.listeners.push_back(MakeListener("0.0.0.0", 82, 180, 200));  // high warning
  s.listeners.push_back(MakeListener("0.0.0.0", 83, 201, 200));  // full critical
  auto all = Diagnose(DiagnoseInput{nullptr, s, {}});
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[0].id, "accept-queue-full");
  EXPECT_EQ(all[1].id, "accept-queue-high");
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LE(all[i - 1].severity, all[i].severity);
  auto c = CountBySeverity(all);
  EXPECT_EQ(c.critical, 1);
  EXPECT_EQ(c.warning, 1);
  EXPECT_EQ(c.info, 1);
}

}  // namespace
}  // namespace sockscope::diagnose
