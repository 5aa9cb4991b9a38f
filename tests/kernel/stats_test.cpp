// `sockscope stats -o json` in a namespace holding a known set of sockets:
// counts per protocol and state, counters and their deltas, and the limits of
// that namespace.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "check_support.h"
#include "netns_support.h"

namespace sockscope::testing {
namespace {

using StatsJson = NetnsTest;

// What the test makes, and so exactly what stats must count (a new
// namespace has no other socket).
struct KnownSockets {
  KnownSockets() : listener4(TcpListen("127.0.0.1", 0, 16)), listener6(TcpListen("::1", 0, 16)) {
    for (int i = 0; i < 3; ++i) established.push_back(TcpEstablished(listener4, "127.0.0.1"));
    close_wait = TcpEstablished(listener6, "::1");
    MakeCloseWait(close_wait);
    udp_bound.push_back(UdpBind("127.0.0.1"));
    udp_bound.push_back(UdpBind("::1"));
    udp_connected = UdpConnect("127.0.0.1", "127.0.0.1", LocalPort(udp_bound[0]));
    unix_pair = UnixStreamPair();
    unix_listener = UnixListen("@sockscope-stats-" + std::to_string(LocalPort(listener4)), 4);
  }

  UniqueFd listener4;
  UniqueFd listener6;
  std::vector<TcpPair> established;
  TcpPair close_wait;
  std::vector<UniqueFd> udp_bound;
  UniqueFd udp_connected;
  UnixPair unix_pair;
  UniqueFd unix_listener;
};

const nlohmann::json kExpectedCounts = {
    {"tcp", {{"LISTEN", 2}, {"ESTABLISHED", 6}, {"CLOSE-WAIT", 1}, {"FIN-WAIT-2", 1}}},
    {"udp", {{"UNCONN", 2}, {"ESTABLISHED", 1}}},
    {"u_str", {{"ESTABLISHED", 2}, {"LISTEN", 1}}},
};

TEST_F(StatsJson, CountsPerStateAreTheSocketsMade) {
  KnownSockets sockets;
  JsonRun run = RunSockscopeJson({"stats", "-o", "json"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.out;
  EXPECT_EQ(run.doc["sockets"], kExpectedCounts) << run.doc.dump(1);
  EXPECT_EQ(run.doc.value("netns", ""), netns().id());
  // One sample: totals, no deltas.
  EXPECT_FALSE(run.doc.contains("deltas")) << run.doc.dump(1);
  ASSERT_TRUE(run.doc.contains("counters")) << run.doc.dump(1);
  // 3 + 1 connections made by connect() and completed by the listeners.
  EXPECT_EQ(run.doc["counters"]["Tcp.ActiveOpens"], ReadCounter("Tcp.ActiveOpens"));
  EXPECT_EQ(run.doc["counters"]["Tcp.ActiveOpens"], 4);
  EXPECT_EQ(run.doc["counters"]["Tcp.PassiveOpens"], 4);
  EXPECT_EQ(run.doc["counters"]["TcpExt.ListenOverflows"], 0);
  // sockstat's TCP line counts IPv4 sockets only (IPv6 ones are in
  // sockstat6): listener4 and the three established pairs.
  EXPECT_EQ(run.doc["sockstat"]["tcp_inuse"], 7) << run.doc["sockstat"].dump();
  EXPECT_EQ(run.doc["sockstat"]["tcp_tw"], 0) << run.doc["sockstat"].dump();
}

TEST_F(StatsJson, IntervalGivesDeltasOfTheCounters) {
  KnownSockets sockets;
  UniqueFd listener = TcpListen("127.0.0.1", 0, 1024);
  uint16_t port = LocalPort(listener);
  uint64_t before = ReadCounter("Tcp.ActiveOpens");
  JsonRun run;
  {
    // Connections opened while stats samples.
    ConnectLoop loop("127.0.0.1", port, Millis(10));
    ASSERT_TRUE(WaitUntil([&] { return ReadCounter("Tcp.ActiveOpens") > before; }));
    run = RunSockscopeJson({"stats", "--interval", "300ms", "-o", "json"});
  }
  uint64_t after = ReadCounter("Tcp.ActiveOpens");
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  ASSERT_TRUE(run.doc.contains("deltas")) << run.doc.dump(1);
  const nlohmann::json& deltas = run.doc["deltas"];
  EXPECT_GE(run.doc.value("interval_seconds", 0.0), 0.3) << run.doc.dump(1);
  EXPECT_LT(run.doc.value("interval_seconds", 0.0), 2.0) << run.doc.dump(1);
  // A delta for every counter the namespace has.
  for (const auto& [key, total] : run.doc["counters"].items()) {
    EXPECT_TRUE(deltas.contains(key)) << key << " has no delta: " << deltas.dump();
  }
  EXPECT_GT(deltas.value("Tcp.ActiveOpens", 0u), 0u) << deltas.dump();
  EXPECT_LE(deltas.value("Tcp.ActiveOpens", 0u), after - before) << deltas.dump();
  // Nothing else happened: no overflow, no cookie.
  EXPECT_EQ(deltas["TcpExt.ListenOverflows"], 0) << deltas.dump();
  EXPECT_EQ(deltas["TcpExt.SyncookiesSent"], 0) << deltas.dump();
}

TEST_F(StatsJson, QuietIntervalHasZeroDeltas) {
  KnownSockets sockets;
  JsonRun run = RunSockscopeJson({"stats", "--interval", "300ms", "-o", "json"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  EXPECT_EQ(run.doc["sockets"], kExpectedCounts) << run.doc.dump(1);
  ASSERT_TRUE(run.doc.contains("deltas")) << run.doc.dump(1);
  ASSERT_FALSE(run.doc["deltas"].empty()) << run.doc.dump(1);
  for (const auto& [key, delta] : run.doc["deltas"].items()) {
    EXPECT_EQ(delta, 0) << key;
  }
}

TEST_F(StatsJson, LimitsAreThoseOfTheNamespace) {
  WriteSysctl("net/core/somaxconn", "333");
  WriteSysctl("net/ipv4/tcp_max_syn_backlog", "77");
  WriteSysctl("net/ipv4/tcp_syncookies", "2");
  WriteSysctl("net/ipv4/tcp_abort_on_overflow", "1");
  WriteSysctl("net/ipv4/ip_local_port_range", "40000 40999");
  JsonRun run = RunSockscopeJson({"stats", "-o", "json"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  const nlohmann::json& limits = run.doc["limits"];
  EXPECT_EQ(limits["net.core.somaxconn"], 333) << limits.dump();
  EXPECT_EQ(limits["net.ipv4.tcp_max_syn_backlog"], 77) << limits.dump();
  EXPECT_EQ(limits["net.ipv4.tcp_syncookies"], 2) << limits.dump();
  EXPECT_EQ(limits["net.ipv4.tcp_abort_on_overflow"], 1) << limits.dump();
  EXPECT_EQ(limits["net.ipv4.ip_local_port_range.low"], 40000) << limits.dump();
  EXPECT_EQ(limits["net.ipv4.ip_local_port_range.high"], 40999) << limits.dump();
  EXPECT_TRUE(run.doc["sockets"].empty()) << run.doc.dump(1);
}

}  // namespace
}  // namespace sockscope::testing
