// listen-overflows, abort-on-overflow-off, syncookies-sent, time-wait-pressure,
// orphan-sockets, tcp-memory-pressure: counters and sockstat per namespace.
#include <gtest/gtest.h>

#include "diagnose/thresholds.h"
#include "unit/diagnose/diagnose_test_util.h"

namespace sockscope::diagnose {
namespace {

using testing::MakeListener;
using testing::MakeSnapshot;
using testing::Netns;

struct Pair {
  model::Snapshot prev;
  model::Snapshot cur;
};

// Two samples of namespaces 1 and 2 with the given counter in namespace 1.
Pair Counter(std::string key, uint64_t before, uint64_t after) {
  Pair p{MakeSnapshot({Netns(1), Netns(2)}), MakeSnapshot({Netns(1), Netns(2)})};
  p.prev.namespaces[0].counters.values = {{key, before}};
  p.cur.namespaces[0].counters.values = {{key, after}};
  p.prev.namespaces[1].counters.values = {{key, 0}};
  p.cur.namespaces[1].counters.values = {{key, 0}};
  return p;
}

TEST(ListenOverflows, GrowingIsCriticalWithRateAndEffect) {
  auto p = Counter("TcpExt.ListenOverflows", 100, 130);
  p.cur.namespaces[0].counters.values["TcpExt.ListenDrops"] = 140;
  p.prev.namespaces[0].counters.values["TcpExt.ListenDrops"] = 100;
  auto f =
      ById(Diagnose(DiagnoseInput{&p.prev, p.cur, std::chrono::seconds(2)}), "listen-overflows");
  ASSERT_EQ(f.size(), 1u);  // namespace 2 did not grow
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(f[0].netns, 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "listen_overflows"), 30u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "listen_drops"), 40u);
  EXPECT_DOUBLE_EQ(Ev<double>(f[0], "per_second"), 20.0);
  EXPECT_EQ(Ev<int64_t>(f[0], "tcp_abort_on_overflow"), 0);
  EXPECT_NE(f[0].why.find("dropped silently"), std::string::npos);
}

TEST(ListenOverflows, AbortOnOverflowOneMeansResets) {
  auto p = Counter("TcpExt.ListenOverflows", 0, 1);
  p.cur.namespaces[0].limits.tcp_abort_on_overflow = 1;
  auto f = RunRules(p.prev, p.cur, "listen-overflows");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].why.find("connection reset"), std::string::npos);
}

TEST(ListenOverflows, NoGrowthNoFinding) {
  auto p = Counter("TcpExt.ListenOverflows", 100, 100);
  EXPECT_TRUE(RunRules(p.prev, p.cur, "listen-overflows").empty());
}

TEST(ListenOverflows, CounterGoingBackwardsIsNotAHugeDelta) {
  auto p = Counter("TcpExt.ListenOverflows", 1000, 3);
  EXPECT_TRUE(RunRules(p.prev, p.cur, "listen-overflows").empty());
}

TEST(ListenOverflows, SingleSampleIsInfoSinceBoot) {
  auto p = Counter("TcpExt.ListenOverflows", 0, 17);
  auto f = RunRules(p.cur, "listen-overflows");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  EXPECT_EQ(Ev<uint64_t>(f[0], "listen_overflows_total"), 17u);
  EXPECT_NE(f[0].summary.find("since boot"), std::string::npos);
  p.cur.namespaces[0].counters.values["TcpExt.ListenOverflows"] = 0;
  EXPECT_TRUE(RunRules(p.cur, "listen-overflows").empty());
}

TEST(ListenOverflows, NewNamespaceInSecondSampleReportsTotalsAsInfo) {
  auto p = Counter("TcpExt.ListenOverflows", 0, 0);
  auto ns3 = Netns(3);
  ns3.counters.values = {{"TcpExt.ListenOverflows", 5}};
  p.cur.namespaces.push_back(ns3);
  auto f = RunRules(p.prev, p.cur, "listen-overflows");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].netns, 3u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
}

TEST(ListenOverflows, NamesTheFullListenerOfTheSameNamespaceOnly) {
  auto p = Counter("TcpExt.ListenOverflows", 0, 4);
  p.cur.listeners.push_back(MakeListener("0.0.0.0", 80, 11, 10, 2));  // other namespace
  p.cur.listeners.push_back(MakeListener("0.0.0.0", 81, 5, 10, 1));   // not full
  auto f = RunRules(p.prev, p.cur, "listen-overflows");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_FALSE(f[0].listener.has_value());
  p.cur.listeners.push_back(MakeListener("0.0.0.0", 82, 11, 10, 1));
  f = RunRules(p.prev, p.cur, "listen-overflows");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_TRUE(f[0].listener.has_value());
  EXPECT_EQ(f[0].listener->local.port, 82);
  EXPECT_EQ(Ev<std::string>(f[0], "likely_listener"), "0.0.0.0:82");
}

TEST(ListenOverflows, UnreadableCountersGiveNothing) {
  auto p = Counter("TcpExt.ListenOverflows", 0, 4);
  p.cur.namespaces[0].counters_ok = false;
  EXPECT_TRUE(RunRules(p.prev, p.cur, "listen-overflows").empty());
}

TEST(AbortOnOverflowOff, InfoOnlyWhileOverflowing) {
  auto p = Counter("TcpExt.ListenOverflows", 0, 3);
  auto f = RunRules(p.prev, p.cur, "abort-on-overflow-off");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  EXPECT_EQ(f[0].netns, 1u);
  auto quiet = Counter("TcpExt.ListenOverflows", 3, 3);
  EXPECT_TRUE(RunRules(quiet.prev, quiet.cur, "abort-on-overflow-off").empty());
  p.cur.namespaces[0].limits.tcp_abort_on_overflow = 1;
  EXPECT_TRUE(RunRules(p.prev, p.cur, "abort-on-overflow-off").empty());
  // Single sample: we do not know it is happening.
  EXPECT_TRUE(RunRules(p.cur, "abort-on-overflow-off").empty());
}

TEST(SyncookiesSent, GrowingIsWarning) {
  auto p = Counter("TcpExt.SyncookiesSent", 10, 60);
  auto f = RunRules(p.prev, p.cur, "syncookies-sent");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<uint64_t>(f[0], "syncookies_sent"), 50u);
  EXPECT_NE(f[0].why.find("undercount"), std::string::npos);
  auto flat = Counter("TcpExt.SyncookiesSent", 60, 60);
  EXPECT_TRUE(RunRules(flat.prev, flat.cur, "syncookies-sent").empty());
}

TEST(UdpSendErrors, GrowthOfEitherFamilyIsWarning) {
  auto p = Counter("Udp.SndbufErrors", 5, 12);
  p.prev.namespaces[0].counters.values["Udp6.SndbufErrors"] = 1;
  p.cur.namespaces[0].counters.values["Udp6.SndbufErrors"] = 4;
  auto f = RunRules(p.prev, p.cur, "udp-send-errors");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<uint64_t>(f[0], "udp_sndbuf_errors"), 7u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "udp6_sndbuf_errors"), 3u);
  auto flat = Counter("Udp.SndbufErrors", 12, 12);
  EXPECT_TRUE(RunRules(flat.prev, flat.cur, "udp-send-errors").empty());
  EXPECT_TRUE(RunRules(p.cur, "udp-send-errors").empty());  // one sample: no growth known
}

TEST(CounterRules, NamespacesAreNeverMixed) {
  // Namespace 1 in the first sample, namespace 2 in the second, same counter:
  // no delta may be computed across them.
  auto prev = MakeSnapshot({Netns(1)});
  auto cur = MakeSnapshot({Netns(2)});
  prev.namespaces[0].counters.values = {{"TcpExt.SyncookiesSent", 0}};
  cur.namespaces[0].counters.values = {{"TcpExt.SyncookiesSent", 1000}};
  EXPECT_TRUE(RunRules(prev, cur, "syncookies-sent").empty());
}

TEST(TimeWaitPressure, AboveHalfIsWarning) {
  auto s = MakeSnapshot();
  s.namespaces[0].limits.tcp_max_tw_buckets = 1000;
  s.namespaces[0].sockstat.tcp_tw = 500;  // exactly half: fine
  EXPECT_TRUE(RunRules(s, "time-wait-pressure").empty());
  s.namespaces[0].sockstat.tcp_tw = 501;
  auto f = RunRules(s, "time-wait-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  s.namespaces[0].sockstat.tcp_tw = 1000;
  f = RunRules(s, "time-wait-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
}

TEST(TimeWaitPressure, OverflowCounterIsCritical) {
  auto p = Counter("TcpExt.TCPTimeWaitOverflow", 0, 2);
  auto f = RunRules(p.prev, p.cur, "time-wait-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(Ev<uint64_t>(f[0], "time_wait_overflow"), 2u);
}

TEST(OrphanSockets, ThresholdAndReportedOnceHostWide) {
  auto s = MakeSnapshot({Netns(1), Netns(2)});
  for (auto& ns : s.namespaces) {
    ns.limits.tcp_max_orphans = 1000;
    ns.sockstat.tcp_orphan = 500;
  }
  EXPECT_TRUE(RunRules(s, "orphan-sockets").empty());
  for (auto& ns : s.namespaces) ns.sockstat.tcp_orphan = 501;
  auto f = RunRules(s, "orphan-sockets");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_TRUE(Ev<bool>(f[0], "host_wide"));
  for (auto& ns : s.namespaces) ns.sockstat.tcp_orphan = 1000;
  f = RunRules(s, "orphan-sockets");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
}

TEST(TcpMemoryPressure, PressureAndMax) {
  auto s = MakeSnapshot();
  s.namespaces[0].sockstat.tcp_mem_pages = 119999;  // pressure is 120000
  EXPECT_TRUE(RunRules(s, "tcp-memory-pressure").empty());
  s.namespaces[0].sockstat.tcp_mem_pages = 120000;
  auto f = RunRules(s, "tcp-memory-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<int64_t>(f[0], "tcp_mem_pages"), 120000);
  s.namespaces[0].sockstat.tcp_mem_pages = 180000;
  f = RunRules(s, "tcp-memory-pressure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
}

TEST(TcpMemoryPressure, MissingLimitsGiveNothing) {
  auto s = MakeSnapshot();
  s.namespaces[0].sockstat.tcp_mem_pages = 999999;
  s.namespaces[0].limits.tcp_mem_pressure.reset();
  EXPECT_TRUE(RunRules(s, "tcp-memory-pressure").empty());
}

}  // namespace
}  // namespace sockscope::diagnose
