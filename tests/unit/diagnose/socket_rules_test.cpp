// close-wait-buildup, recv-queue-buildup, send-queue-buildup,
// ephemeral-ports-low, netlink-unavailable: rules over the socket list. The
// progress rules get the same sockets in both samples here (stuck); progress
// and grouping are tested in progress_rules_test.cpp.
#include <gtest/gtest.h>

#include "diagnose/rules.h"
#include "diagnose/thresholds.h"
#include "unit/diagnose/diagnose_test_util.h"

namespace sockscope::diagnose {
namespace {

using model::State;
using testing::Listen;
using testing::MakeSnapshot;
using testing::Proc;
using testing::Tcp;

// `n` sockets in `state` on local port 8080 from distinct peers, inodes from
// `first_inode`, all held by `owner` when given.
void AddConns(model::Snapshot& s, State state, uint32_t n, uint64_t first_inode,
              std::optional<model::Owner> owner = std::nullopt, uint16_t port = 8080) {
  for (uint32_t i = 0; i < n; ++i) {
    s.sockets.push_back(Tcp(state, "10.0.0.1", port, "10.0.0.2", static_cast<uint16_t>(40000 + i),
                            first_inode + i));
    if (owner) s.owners.Add(first_inode + i, *owner);
  }
}

TEST(CloseWaitBuildup, NamesTheProcessAtThreshold) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  AddConns(s, State::kCloseWait, kCloseWaitMin, 100, Proc(77, "java"));
  auto f = RunRules(s, s, "close-wait-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<uint64_t>(f[0], "close_wait"), kCloseWaitMin);
  ASSERT_EQ(f[0].processes.size(), 1u);
  EXPECT_EQ(f[0].processes[0].comm, "java");
  EXPECT_NE(f[0].summary.find("java (pid 77)"), std::string::npos);
}

TEST(CloseWaitBuildup, OneBelowThresholdIsQuiet) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  AddConns(s, State::kCloseWait, kCloseWaitMin - 1, 100, Proc(77, "java"));
  EXPECT_TRUE(RunRules(s, s, "close-wait-buildup").empty());
}

TEST(CloseWaitBuildup, WithoutOwnersGroupsByListeningPort) {
  auto s = MakeSnapshot();
  s.sockets.push_back(Listen("0.0.0.0", 8080, 0, 128, 1));
  AddConns(s, State::kCloseWait, kCloseWaitMin, 100);
  auto f = RunRules(s, s, "close-wait-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<std::string>(f[0], "group"), "local port 8080");
  EXPECT_TRUE(f[0].processes.empty());
}

TEST(CloseWaitBuildup, ClientSideGroupsByPeer) {
  auto s = MakeSnapshot();
  for (uint16_t i = 0; i < kCloseWaitMin; ++i)
    s.sockets.push_back(Tcp(State::kCloseWait, "10.0.0.1", 40000 + i, "10.0.0.9", 5432, 100 + i));
  auto f = RunRules(s, s, "close-wait-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<std::string>(f[0], "group"), "connections to 10.0.0.9:5432");
}

TEST(CloseWaitBuildup, TwoProcessesCountedApart) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  AddConns(s, State::kCloseWait, kCloseWaitMin - 1, 100, Proc(1, "a"));
  AddConns(s, State::kCloseWait, kCloseWaitMin - 1, 200, Proc(2, "b"));
  EXPECT_TRUE(RunRules(s, s, "close-wait-buildup").empty());
}

TEST(CloseWaitBuildup, UnacceptedCloseWaitIsNotCounted) {
  auto s = MakeSnapshot();
  s.sockets.push_back(Listen("0.0.0.0", 8080, 0, 128, 1));
  for (uint16_t i = 0; i < kCloseWaitMin; ++i)
    s.sockets.push_back(Tcp(State::kCloseWait, "10.0.0.1", 8080, "10.0.0.2", 40000 + i, 0));
  EXPECT_TRUE(RunRules(s, s, "close-wait-buildup").empty());
}

TEST(RecvQueueBuildup, OneLargeQueueAtThreshold) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  AddConns(s, State::kEstablished, 1, 100, Proc(5, "worker"));
  s.sockets.back().recv_q = kRecvQueueLargeBytes;
  auto f = RunRules(s, s, "recv-queue-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "max_recv_q_bytes"), kRecvQueueLargeBytes);
  EXPECT_EQ(f[0].processes.at(0).pid, 5);
  s.sockets.back().recv_q = kRecvQueueLargeBytes - 1;
  EXPECT_TRUE(RunRules(s, s, "recv-queue-buildup").empty());
}

TEST(RecvQueueBuildup, ManySmallQueues) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  AddConns(s, State::kEstablished, kRecvQueueManyMin - 1, 100, Proc(5, "worker"));
  for (auto& sock : s.sockets) sock.recv_q = 100;
  EXPECT_TRUE(RunRules(s, s, "recv-queue-buildup").empty());
  AddConns(s, State::kEstablished, 1, 500, Proc(5, "worker"));
  s.sockets.back().recv_q = 10;
  auto f = RunRules(s, s, "recv-queue-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "sockets_not_reading"), kRecvQueueManyMin);
  EXPECT_EQ(Ev<uint64_t>(f[0], "total_recv_q_bytes"), 100u * (kRecvQueueManyMin - 1) + 10);
}

TEST(RecvQueueBuildup, IgnoresListenersAndUnacceptedChildren) {
  auto s = MakeSnapshot();
  auto l = Listen("0.0.0.0", 8080, 100000, 128, 1);
  l.recv_q = 1 << 20;
  s.sockets.push_back(l);
  s.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 8080, "10.0.0.2", 4000, 0));
  s.sockets.back().recv_q = 1 << 20;
  EXPECT_TRUE(RunRules(s, s, "recv-queue-buildup").empty());
}

TEST(SendQueueBuildup, FewLargeIsInfoManyIsWarning) {
  auto s = MakeSnapshot();
  s.owners_collected = true;
  AddConns(s, State::kEstablished, kSendQueueManyMin - 1, 100, Proc(9, "backup"));
  for (auto& sock : s.sockets) sock.send_q = kSendQueueLargeBytes;
  auto f = RunRules(s, s, "send-queue-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  AddConns(s, State::kEstablished, 1, 500, Proc(9, "backup"));
  s.sockets.back().send_q = kSendQueueLargeBytes;
  f = RunRules(s, s, "send-queue-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

TEST(SendQueueBuildup, BackoffIsWarningAndBelowThresholdQuiet) {
  auto s = MakeSnapshot();
  AddConns(s, State::kEstablished, 1, 100);
  s.sockets.back().send_q = kSendQueueLargeBytes - 1;
  EXPECT_TRUE(RunRules(s, s, "send-queue-buildup").empty());
  s.sockets.back().send_q = kSendQueueLargeBytes;
  s.sockets.back().tcp_info = model::TcpInfo{};
  s.sockets.back().tcp_info->backoff = 3;
  auto f = RunRules(s, s, "send-queue-buildup");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<uint64_t>(f[0], "backing_off"), 1u);
}

model::Snapshot PortUse(uint32_t connections, uint32_t range) {
  auto s = MakeSnapshot();
  s.namespaces[0].limits.port_range_low = 40000;
  s.namespaces[0].limits.port_range_high = 40000 + range - 1;
  for (uint32_t i = 0; i < connections; ++i) {
    auto state = i % 2 ? State::kTimeWait : State::kEstablished;
    s.sockets.push_back(Tcp(state, "10.0.0.1", static_cast<uint16_t>(40000 + i), "10.0.0.9", 5432,
                            i % 2 ? 0 : 100 + i));
  }
  return s;
}

TEST(EphemeralPortsLow, AboveSeventyPercent) {
  EXPECT_TRUE(RunRules(PortUse(70, 100), "ephemeral-ports-low").empty());  // exactly 70%
  auto f = RunRules(PortUse(71, 100), "ephemeral-ports-low");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(Ev<std::string>(f[0], "destination"), "10.0.0.9:5432");
  EXPECT_EQ(Ev<uint64_t>(f[0], "connections"), 71u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "time_wait"), 35u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "port_range_size"), 100u);
  f = RunRules(PortUse(96, 100), "ephemeral-ports-low");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
}

TEST(EphemeralPortsLow, DifferentDestinationsDoNotAddUp) {
  auto s = PortUse(60, 100);
  for (uint16_t i = 60; i < 100; ++i)
    s.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 40000 + i, "10.0.0.9", 6379, 500 + i));
  EXPECT_TRUE(RunRules(s, "ephemeral-ports-low").empty());
}

// One destination port, two destination addresses: the port is crowded
// (100 of 100), each destination is not (60 and 40).
TEST(EphemeralPortsLow, ACrowdedPortIsNotACrowdedDestination) {
  auto s = PortUse(60, 100);
  for (uint16_t i = 60; i < 100; ++i)
    s.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 40000 + i, "10.0.0.8", 5432, 500 + i));
  EXPECT_TRUE(RunRules(s, "ephemeral-ports-low").empty());
  s.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 40100, "10.0.0.9", 5432, 900));
  s.namespaces[0].limits.port_range_high = 40100;  // 101 ports; 61 to 10.0.0.9 is not > 70
  EXPECT_TRUE(RunRules(s, "ephemeral-ports-low").empty());
}

// Each namespace against its own range: the same connections crowd a
// namespace with a narrow range and not one with a wide range.
TEST(EphemeralPortsLow, EachNamespaceIsJudgedOnItsOwnRange) {
  auto s = PortUse(71, 100);
  s.namespaces.push_back(testing::Netns(2));
  s.namespaces[1].limits.port_range_low = 40000;
  s.namespaces[1].limits.port_range_high = 49999;
  // The two namespaces' sockets interleaved, as no source promises otherwise.
  std::vector<model::Socket> mixed;
  for (uint16_t i = 0; i < 71; ++i) {
    mixed.push_back(s.sockets[i]);
    mixed.push_back(Tcp(State::kEstablished, "10.0.0.1", 40000 + i, "10.0.0.9", 5432, 700 + i, 2));
  }
  s.sockets = std::move(mixed);
  auto f = RunRules(s, "ephemeral-ports-low");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].netns, 1u);
  EXPECT_EQ(Ev<uint64_t>(f[0], "connections"), 71u);
  std::swap(s.namespaces[0].limits, s.namespaces[1].limits);
  f = RunRules(s, "ephemeral-ports-low");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].netns, 2u);
}

TEST(EphemeralPortsLow, PortsOutsideTheRangeDoNotCount) {
  auto s = PortUse(80, 100);
  s.namespaces[0].limits.port_range_low = 50000;
  s.namespaces[0].limits.port_range_high = 50099;
  EXPECT_TRUE(RunRules(s, "ephemeral-ports-low").empty());
}

model::SourceState TableSource(std::string name, uint64_t netns, model::SourceStatus status,
                               std::string via, std::string reason = "") {
  return model::SourceState{std::move(name), netns, status, std::move(via), std::move(reason)};
}

TEST(NetlinkUnavailable, TablesThatFellBackToProcAreNamedPerNamespace) {
  auto s = MakeSnapshot();
  s.sources.push_back(TableSource("tcp/inet", 7, model::SourceStatus::kFellBack, "proc",
                                  "sock_diag failed: Permission denied"));
  s.sources.push_back(TableSource("tcp/inet6", 7, model::SourceStatus::kFellBack, "proc", "x"));
  s.sources.push_back(TableSource("udp/inet", 7, model::SourceStatus::kOk, "netlink"));
  s.sources.push_back(TableSource("tcp/inet", 9, model::SourceStatus::kFellBack, "proc", "y"));
  auto f = RunRules(s, "netlink-unavailable");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].netns, 7u);
  EXPECT_EQ(Ev<std::string>(f[0], "tables"), "tcp/inet,tcp/inet6");
  EXPECT_EQ(Ev<std::string>(f[0], "netlink_note"), "sock_diag failed: Permission denied");
  EXPECT_NE(Ev<std::string>(f[0], "missing").find("accept queue max"), std::string::npos);
  EXPECT_EQ(f[1].netns, 9u);
}

TEST(NetlinkUnavailable, ChosenProcSourceFailedTablesAndOtherSourcesAreQuiet) {
  auto s = MakeSnapshot();
  s.sources.push_back(
      TableSource("tcp/inet", 7, model::SourceStatus::kOk, "proc"));  // --source proc
  s.sources.push_back(TableSource("udp/inet", 7, model::SourceStatus::kFailed, "netlink", "gone"));
  s.sources.push_back(TableSource("owners", 0, model::SourceStatus::kFellBack, "proc", "z"));
  s.sources.push_back(TableSource("counters", 7, model::SourceStatus::kFellBack, "proc", "z"));
  EXPECT_TRUE(RunRules(s, "netlink-unavailable").empty());
}

TEST(Rules, EveryContractIdIsRegisteredOnce) {
  std::vector<std::string_view> want = {"unaccepted-connections",
                                        "accept-queue-full",
                                        "accept-queue-high",
                                        "listen-overflows",
                                        "syn-queue-pressure",
                                        "syncookies-sent",
                                        "backlog-capped-by-somaxconn",
                                        "small-backlog",
                                        "abort-on-overflow-off",
                                        "recv-queue-buildup",
                                        "send-queue-buildup",
                                        "close-wait-buildup",
                                        "time-wait-pressure",
                                        "ephemeral-ports-low",
                                        "orphan-sockets",
                                        "tcp-memory-pressure",
                                        "netlink-unavailable",
                                        "connect-not-completing",
                                        "connections-piling-up",
                                        "udp-receive-drops",
                                        "udp-send-errors"};
  auto rules = Rules();
  EXPECT_EQ(rules.size(), want.size());
  for (auto id : want) {
    int n = 0;
    for (const auto& r : rules) n += r.id == id;
    EXPECT_EQ(n, 1) << id;
  }
}

}  // namespace
}  // namespace sockscope::diagnose
