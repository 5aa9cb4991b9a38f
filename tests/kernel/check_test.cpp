// `sockscope check -o json` on real trouble made in a private namespace: the
// field reports behind the findings of docs/findings.md, each reproduced and
// checked for its exact findings, numbers and processes, and the exit code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/sockios.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "check_support.h"
#include "netns_support.h"

namespace sockscope::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::vector<std::string> kCheck = {"check", "-o", "json", "--interval", "300ms"};

std::string Local(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// The one finding with this id; a gtest failure (and null) otherwise.
nlohmann::json OnlyFinding(const JsonRun& run, std::string_view id) {
  std::vector<nlohmann::json> found = FindingsWithId(run.doc, id);
  EXPECT_THAT(found, SizeIs(1)) << id << " in " << run.doc.dump(1);
  return found.empty() ? nlohmann::json() : found[0];
}

// `sockscope check` with args, expected to exit `code` with a JSON document.
JsonRun Check(const std::vector<std::string>& args, int code) {
  JsonRun run = RunSockscopeJson(args);
  EXPECT_EQ(run.result.exit_code, code) << run.result.Describe();
  EXPECT_FALSE(run.doc.is_discarded()) << run.result.Describe();
  return run;
}

// Findings that are not host-wide: the ones this namespace caused.
std::vector<std::string> LocalFindingKeys(const nlohmann::json& doc) {
  nlohmann::json local = doc;
  local["findings"] = nlohmann::json::array();
  for (const nlohmann::json& f : doc.value("findings", nlohmann::json::array())) {
    if (!f["evidence"].value("host_wide", false)) local["findings"].push_back(f);
  }
  return FindingKeys(local);
}

// ---- Accept queue (field report 000): a listener that never accepts. ----

using CheckAcceptQueue = NetnsTest;

constexpr int kBacklog = 8;
constexpr int kClients = 20;

TEST_F(CheckAcceptQueue, ListenerThatNeverAcceptsIsCriticalAndNamed) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, kBacklog);
  uint16_t port = LocalPort(listener);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
  ASSERT_TRUE(WaitForAcceptQueue(listener, kBacklog + 1));

  uint64_t before = ReadCounter("TcpExt.ListenOverflows");
  JsonRun run;
  {
    // New clients keep meeting the full queue while check samples, so
    // ListenOverflows grows between its two samples.
    ConnectLoop loop("127.0.0.1", port, Millis(10));
    ASSERT_TRUE(WaitUntil([&] { return ReadCounter("TcpExt.ListenOverflows") > before; }));
    run = Check(kCheck, 2);
  }
  uint64_t after = ReadCounter("TcpExt.ListenOverflows");

  EXPECT_THAT(LocalFindingKeys(run.doc),
              ElementsAre("abort-on-overflow-off:info", "accept-queue-full:critical",
                          "listen-overflows:critical", "small-backlog:warning",
                          "unaccepted-connections:critical"))
      << run.doc.dump(1);
  EXPECT_GE(run.doc["summary"].value("critical", 0), 3) << run.doc.dump(1);
  const std::string owner = OwnComm() + " (pid " + std::to_string(getpid()) + ")";

  nlohmann::json unaccepted = OnlyFinding(run, "unaccepted-connections");
  EXPECT_EQ(unaccepted.value("netns", ""), netns().id());
  EXPECT_THAT(unaccepted.value("summary", ""),
              HasSubstr(std::to_string(kBacklog + 1) + " connections on :" + std::to_string(port)));
  EXPECT_THAT(unaccepted.value("summary", ""), HasSubstr(owner));
  EXPECT_THAT(Pids(unaccepted["processes"]), ElementsAre(getpid())) << unaccepted.dump(1);
  EXPECT_EQ(unaccepted["processes"][0].value("comm", ""), OwnComm());
  const nlohmann::json& ue = unaccepted["evidence"];
  EXPECT_EQ(ue.value("local", ""), Local(port));
  EXPECT_EQ(ue["accept_queue_len"], kBacklog + 1) << ue.dump();
  EXPECT_EQ(ue["accept_queue_max"], kBacklog) << ue.dump();
  EXPECT_EQ(ue["syn_recv"], 0) << ue.dump();
  EXPECT_EQ(ue["unaccepted"], kBacklog + 1) << ue.dump();
  EXPECT_EQ(ue["unaccepted_previous_sample"], kBacklog + 1) << ue.dump();

  nlohmann::json full = OnlyFinding(run, "accept-queue-full");
  EXPECT_THAT(full.value("summary", ""), HasSubstr(owner));
  EXPECT_THAT(Pids(full["processes"]), ElementsAre(getpid()));
  EXPECT_EQ(full["listener"]["local"].value("port", -1), port);
  EXPECT_EQ(full["listener"]["accept_queue"]["full"], true);
  const nlohmann::json& fe = full["evidence"];
  EXPECT_EQ(fe["accept_queue_len"], kBacklog + 1) << fe.dump();
  EXPECT_EQ(fe["accept_queue_max"], kBacklog) << fe.dump();
  EXPECT_GT(fe.value("listen_overflows_delta", 0u), 0u) << fe.dump();
  EXPECT_LE(fe.value("listen_overflows_delta", 0u), after - before) << fe.dump();

  nlohmann::json overflows = OnlyFinding(run, "listen-overflows");
  const nlohmann::json& oe = overflows["evidence"];
  EXPECT_GT(oe.value("listen_overflows", 0u), 0u) << oe.dump();
  EXPECT_LE(oe.value("listen_overflows", 0u), after - before) << oe.dump();
  EXPECT_GE(oe.value("listen_drops", 0u), oe.value("listen_overflows", 0u)) << oe.dump();
  EXPECT_EQ(oe["tcp_abort_on_overflow"], 0) << oe.dump();
  EXPECT_EQ(oe.value("likely_listener", ""), Local(port)) << oe.dump();
  EXPECT_THAT(Pids(overflows["processes"]), ElementsAre(getpid()));
  EXPECT_EQ(overflows.value("netns", ""), netns().id());

  nlohmann::json small = OnlyFinding(run, "small-backlog");
  EXPECT_EQ(small["evidence"]["busy"], true);
  EXPECT_EQ(small["evidence"]["somaxconn"], 4096);
}

TEST_F(CheckAcceptQueue, OneSampleReportsOverflowsSinceCreationAsInfo) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, kBacklog);
  uint16_t port = LocalPort(listener);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
  ASSERT_TRUE(WaitForAcceptQueue(listener, kBacklog + 1));
  // The clients beyond the queue's room had their SYN dropped (and retry it
  // after a second, counting again).
  ASSERT_TRUE(WaitUntil([&] {
    return ReadCounter("TcpExt.ListenOverflows") >= static_cast<uint64_t>(kClients - kBacklog - 1);
  }));
  uint64_t before = ReadCounter("TcpExt.ListenOverflows");
  JsonRun run = Check({"check", "-o", "json", "--interval", "0"}, 2);
  uint64_t after = ReadCounter("TcpExt.ListenOverflows");

  EXPECT_THAT(LocalFindingKeys(run.doc),
              ElementsAre("accept-queue-full:critical", "listen-overflows:info",
                          "small-backlog:warning", "unaccepted-connections:critical"))
      << run.doc.dump(1);
  nlohmann::json overflows = OnlyFinding(run, "listen-overflows");
  const nlohmann::json& oe = overflows["evidence"];
  EXPECT_GE(oe.value("listen_overflows_total", 0u), before) << oe.dump();
  EXPECT_LE(oe.value("listen_overflows_total", 0u), after) << oe.dump();
  EXPECT_GE(oe.value("listen_drops_total", 0u), oe.value("listen_overflows_total", 0u));
  EXPECT_FALSE(oe.contains("listen_overflows")) << "no delta from one sample: " << oe.dump();
  EXPECT_EQ(oe.value("likely_listener", ""), Local(port)) << oe.dump();
}

// ---- Backlog limits (field report 002): somaxconn caps, small backlogs. ----

using CheckBacklog = NetnsTest;

TEST_F(CheckBacklog, SomaxconnCapIsInfoWhenIdle) {
  WriteSysctl("net/core/somaxconn", "16");
  UniqueFd listener = TcpListen("127.0.0.1", 0, 1024);
  uint16_t port = LocalPort(listener);
  ASSERT_EQ(TcpInfo(listener).tcpi_sacked, 16u) << "listen() was not capped by somaxconn";

  JsonRun run = Check(kCheck, 0);
  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("backlog-capped-by-somaxconn:info"))
      << run.doc.dump(1);
  nlohmann::json capped = OnlyFinding(run, "backlog-capped-by-somaxconn");
  const nlohmann::json& e = capped["evidence"];
  EXPECT_EQ(e.value("local", ""), Local(port));
  EXPECT_EQ(e["accept_queue_max"], 16) << e.dump();
  EXPECT_EQ(e["accept_queue_len"], 0) << e.dump();
  EXPECT_EQ(e["somaxconn"], 16) << e.dump();
  EXPECT_EQ(e["under_pressure"], false) << e.dump();
  EXPECT_THAT(capped.value("summary", ""), HasSubstr("net.core.somaxconn=16"));
  EXPECT_THAT(Pids(capped["processes"]), ElementsAre(getpid()));
}

TEST_F(CheckBacklog, SomaxconnCapIsWarningWhenTheQueueIsFull) {
  constexpr int kSomaxconn = 16;
  WriteSysctl("net/core/somaxconn", std::to_string(kSomaxconn));
  UniqueFd listener = TcpListen("127.0.0.1", 0, 1024);
  uint16_t port = LocalPort(listener);
  // Exactly max + 1 clients: the queue is full and no handshake overflowed,
  // so no counter moves during the interval.
  std::vector<UniqueFd> clients;
  for (int i = 0; i <= kSomaxconn; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
  ASSERT_TRUE(WaitForAcceptQueue(listener, kSomaxconn + 1));
  ASSERT_EQ(ReadCounter("TcpExt.ListenOverflows"), 0u);

  JsonRun run = Check(kCheck, 2);
  EXPECT_THAT(LocalFindingKeys(run.doc),
              ElementsAre("accept-queue-full:critical", "backlog-capped-by-somaxconn:warning",
                          "unaccepted-connections:critical"))
      << run.doc.dump(1);
  nlohmann::json e = OnlyFinding(run, "backlog-capped-by-somaxconn")["evidence"];
  EXPECT_EQ(e["accept_queue_len"], kSomaxconn + 1) << e.dump();
  EXPECT_EQ(e["accept_queue_max"], kSomaxconn) << e.dump();
  EXPECT_EQ(e["unaccepted"], kSomaxconn + 1) << e.dump();
  EXPECT_EQ(e["somaxconn"], kSomaxconn) << e.dump();
  EXPECT_EQ(e["under_pressure"], true) << e.dump();
}

TEST_F(CheckBacklog, JavaDefaultBacklogIsSmallBacklogInfo) {
  WriteSysctl("net/core/somaxconn", "4096");
  UniqueFd listener = TcpListen("127.0.0.1", 0, 50);
  uint16_t port = LocalPort(listener);

  JsonRun run = Check(kCheck, 0);
  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("small-backlog:info")) << run.doc.dump(1);
  nlohmann::json small = OnlyFinding(run, "small-backlog");
  const nlohmann::json& e = small["evidence"];
  EXPECT_EQ(e.value("local", ""), Local(port));
  EXPECT_EQ(e["accept_queue_max"], 50) << e.dump();
  EXPECT_EQ(e["somaxconn"], 4096) << e.dump();
  EXPECT_EQ(e["busy"], false) << e.dump();
  EXPECT_THAT(Pids(small["processes"]), ElementsAre(getpid()));
}

TEST_F(CheckBacklog, HalfFullSmallBacklogIsBusyWarning) {
  WriteSysctl("net/core/somaxconn", "4096");
  UniqueFd listener = TcpListen("127.0.0.1", 0, 50);
  uint16_t port = LocalPort(listener);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 25; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
  ASSERT_TRUE(WaitForAcceptQueue(listener, 25));

  JsonRun run = Check(kCheck, 1);
  EXPECT_THAT(LocalFindingKeys(run.doc),
              ElementsAre("small-backlog:warning", "unaccepted-connections:warning"))
      << run.doc.dump(1);
  nlohmann::json e = OnlyFinding(run, "small-backlog")["evidence"];
  EXPECT_EQ(e["accept_queue_len"], 25) << e.dump();
  EXPECT_EQ(e["busy"], true) << e.dump();
  EXPECT_EQ(OnlyFinding(run, "unaccepted-connections")["evidence"]["unaccepted"], 25);
}

// ---- SYN queue (field report 002): real half-open connections. ----

using CheckSynQueue = NetnsTest;

constexpr int kHalfOpen = 20;

// Server 10.77.0.1 (this namespace), client 10.77.0.2 (its own namespace),
// the server's SYN-ACKs lost on the way: every connect stays half-open.
struct HalfOpenSetup {
  HalfOpenSetup() : peer("10.77.0.1", "10.77.0.2") { peer.DropServerToClient(); }
  void Connect(uint16_t port, int n) {
    peer.InClient([&] {
      for (int i = 0; i < n; ++i) clients.push_back(TcpConnectStart("10.77.0.1", port));
    });
  }
  VethPeer peer;
  std::vector<UniqueFd> clients;
};

TEST_F(CheckSynQueue, HalfOpenAtTheSysctlLimitWithoutCookies) {
  // Without syncookies tcp_conn_request() keeps the last quarter of
  // tcp_max_syn_backlog for proven peers: the limit is 32 - 32/4 = 24.
  WriteSysctl("net/ipv4/tcp_syncookies", "0");
  WriteSysctl("net/ipv4/tcp_max_syn_backlog", "32");
  HalfOpenSetup setup;
  UniqueFd listener = TcpListen("10.77.0.1", 0, 64);
  uint16_t port = LocalPort(listener);
  setup.Connect(port, kHalfOpen);
  ASSERT_TRUE(WaitUntil([&] { return CountTcpEntries(port, TCP_SYN_RECV) == kHalfOpen; }))
      << CountTcpEntries(port, TCP_SYN_RECV);

  JsonRun run = Check(kCheck, 1);
  EXPECT_THAT(LocalFindingKeys(run.doc),
              ElementsAre("small-backlog:info", "syn-queue-pressure:warning"))
      << run.doc.dump(1);
  nlohmann::json syn = OnlyFinding(run, "syn-queue-pressure");
  const nlohmann::json& e = syn["evidence"];
  EXPECT_EQ(e.value("local", ""), "10.77.0.1:" + std::to_string(port));
  EXPECT_EQ(e["syn_recv"], kHalfOpen) << e.dump();
  EXPECT_EQ(e["accept_queue_len"], 0) << e.dump();
  EXPECT_EQ(e["accept_queue_max"], 64) << e.dump();
  EXPECT_EQ(e["syn_queue_limit"], 24) << e.dump();
  EXPECT_EQ(e["tcp_max_syn_backlog"], 32) << e.dump();
  EXPECT_EQ(e["tcp_syncookies"], 0) << e.dump();
  EXPECT_THAT(Pids(syn["processes"]), ElementsAre(getpid()));
  EXPECT_EQ(syn["listener"].value("syn_recv", -1), kHalfOpen);
}

TEST_F(CheckSynQueue, HalfOpenAgainstTheBacklogWithCookies) {
  // With syncookies on, the SYN queue is bounded by the listen() backlog.
  WriteSysctl("net/ipv4/tcp_syncookies", "1");
  WriteSysctl("net/ipv4/tcp_max_syn_backlog", "4096");
  HalfOpenSetup setup;
  UniqueFd listener = TcpListen("10.77.0.1", 0, 32);
  uint16_t port = LocalPort(listener);
  setup.Connect(port, kHalfOpen);
  ASSERT_TRUE(WaitUntil([&] { return CountTcpEntries(port, TCP_SYN_RECV) == kHalfOpen; }))
      << CountTcpEntries(port, TCP_SYN_RECV);

  JsonRun run = Check(kCheck, 1);
  EXPECT_THAT(LocalFindingKeys(run.doc),
              ElementsAre("small-backlog:info", "syn-queue-pressure:warning"))
      << run.doc.dump(1);
  nlohmann::json e = OnlyFinding(run, "syn-queue-pressure")["evidence"];
  EXPECT_EQ(e["syn_recv"], kHalfOpen) << e.dump();
  EXPECT_EQ(e["syn_queue_limit"], 32) << e.dump();
  EXPECT_EQ(e["tcp_syncookies"], 1) << e.dump();
}

TEST_F(CheckSynQueue, BelowTheMinimumHalfOpenIsNotReported) {
  WriteSysctl("net/ipv4/tcp_syncookies", "1");
  HalfOpenSetup setup;
  UniqueFd listener = TcpListen("10.77.0.1", 0, 16);
  uint16_t port = LocalPort(listener);
  // 15 of a limit of 16 is well past half, but below kSynRecvMin (16).
  setup.Connect(port, 15);
  ASSERT_TRUE(WaitUntil([&] { return CountTcpEntries(port, TCP_SYN_RECV) == 15; }));

  JsonRun run = Check(kCheck, 0);
  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("small-backlog:info")) << run.doc.dump(1);
}

TEST_F(CheckSynQueue, ForcedSyncookiesAreReportedWhenTheCounterMoves) {
  WriteSysctl("net/ipv4/tcp_syncookies", "2");
  HalfOpenSetup setup;
  UniqueFd listener = TcpListen("10.77.0.1", 0, 1024);
  uint16_t port = LocalPort(listener);

  uint64_t before = ReadCounter("TcpExt.SyncookiesSent");
  JsonRun run;
  {
    ConnectLoop loop("10.77.0.1", port, Millis(10), setup.peer.client_netns_fd());
    ASSERT_TRUE(WaitUntil([&] { return ReadCounter("TcpExt.SyncookiesSent") > before; }))
        << "no SYN cookie sent; connects started: " << loop.started();
    run = Check(kCheck, 1);
  }
  uint64_t after = ReadCounter("TcpExt.SyncookiesSent");

  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("syncookies-sent:warning")) << run.doc.dump(1);
  nlohmann::json cookies = OnlyFinding(run, "syncookies-sent");
  const nlohmann::json& e = cookies["evidence"];
  EXPECT_GT(e.value("syncookies_sent", 0u), 0u) << e.dump();
  EXPECT_LE(e.value("syncookies_sent", 0u), after - before) << e.dump();
  // The SYN-ACKs never arrive, so no cookie comes back.
  EXPECT_EQ(e["syncookies_recv"], 0) << e.dump();
  EXPECT_EQ(e["syncookies_failed"], 0) << e.dump();
  EXPECT_EQ(e["tcp_syncookies"], 2) << e.dump();
  EXPECT_EQ(cookies.value("netns", ""), netns().id());
  // Cookies keep no request sock: nothing is half-open.
  EXPECT_EQ(CountTcpEntries(port, TCP_SYN_RECV), 0u);
}

// ---- Connections the owner neglects (field report 001: Recv-Q, Send-Q). ----

using CheckConnections = NetnsTest;

TEST_F(CheckConnections, CloseWaitBuildupNamesTheProcessThatNeverCloses) {
  constexpr int kCloseWait = 16;
  UniqueFd listener = TcpListen("127.0.0.1", 0, 1024);
  uint16_t port = LocalPort(listener);
  std::vector<UniqueFd> clients;
  std::vector<UniqueFd> servers;
  for (int i = 0; i < kCloseWait; ++i) {
    TcpPair pair = TcpEstablished(listener, "127.0.0.1");
    MakeCloseWait(pair);
    clients.push_back(std::move(pair.client));
    servers.push_back(std::move(pair.server));
  }
  ChildHolder leaky(std::move(servers), "kt-leaky");

  JsonRun run = Check(kCheck, 1);
  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("close-wait-buildup:warning"))
      << run.doc.dump(1);
  nlohmann::json cw = OnlyFinding(run, "close-wait-buildup");
  const std::string owner = "kt-leaky (pid " + std::to_string(leaky.pid()) + ")";
  EXPECT_THAT(cw.value("summary", ""), HasSubstr(owner));
  EXPECT_THAT(Pids(cw["processes"]), ElementsAre(leaky.pid())) << cw.dump(1);
  EXPECT_EQ(cw["processes"][0].value("comm", ""), "kt-leaky");
  const nlohmann::json& e = cw["evidence"];
  EXPECT_EQ(e["close_wait"], kCloseWait) << e.dump();
  EXPECT_EQ(e.value("group", ""), owner) << e.dump();
  EXPECT_EQ(e.value("example_local", ""), Local(port)) << e.dump();
  EXPECT_EQ(cw.value("netns", ""), netns().id());
}

TEST_F(CheckConnections, FewerCloseWaitThanTheThresholdAreNotReported) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, 1024);
  std::vector<UniqueFd> clients;
  std::vector<UniqueFd> servers;
  for (int i = 0; i < 15; ++i) {
    TcpPair pair = TcpEstablished(listener, "127.0.0.1");
    MakeCloseWait(pair);
    clients.push_back(std::move(pair.client));
    servers.push_back(std::move(pair.server));
  }
  ChildHolder leaky(std::move(servers), "kt-leaky");

  JsonRun run = Check(kCheck, 0);
  EXPECT_THAT(LocalFindingKeys(run.doc), IsEmpty()) << run.doc.dump(1);
}

TEST_F(CheckConnections, LargeUnreadRecvQueueNamesTheReader) {
  constexpr size_t kUnread = 100000;  // above kRecvQueueLargeBytes (64 KiB)
  // A receive buffer that holds it all without the reader ever reading.
  UniqueFd listener = TcpListenWithRcvbuf("127.0.0.1", 1024, 1 << 20);
  uint16_t port = LocalPort(listener);
  TcpPair pair = TcpEstablished(listener, "127.0.0.1");
  FillReceiveQueue(pair, kUnread);
  std::vector<UniqueFd> given;
  given.push_back(std::move(pair.server));
  ChildHolder reader(std::move(given), "kt-noreader");

  JsonRun run = Check(kCheck, 1);
  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("recv-queue-buildup:warning"))
      << run.doc.dump(1);
  nlohmann::json rq = OnlyFinding(run, "recv-queue-buildup");
  EXPECT_THAT(Pids(rq["processes"]), ElementsAre(reader.pid())) << rq.dump(1);
  EXPECT_EQ(rq["processes"][0].value("comm", ""), "kt-noreader");
  const nlohmann::json& e = rq["evidence"];
  EXPECT_EQ(e.value("group", ""), "kt-noreader (pid " + std::to_string(reader.pid()) + ")");
  EXPECT_EQ(e["sockets_not_reading"], 1) << e.dump();
  EXPECT_EQ(e["sockets_over_threshold"], 1) << e.dump();
  EXPECT_EQ(e["max_recv_q_bytes"], kUnread) << e.dump();
  EXPECT_EQ(e["total_recv_q_bytes"], kUnread) << e.dump();
  EXPECT_EQ(e.value("largest_local", ""), Local(port)) << e.dump();
  EXPECT_EQ(e.value("largest_peer", ""), Local(LocalPort(pair.client))) << e.dump();
}

TEST_F(CheckConnections, ManySmallUnreadRecvQueuesNameTheReader) {
  constexpr int kSockets = 32;  // at least kRecvQueueManyMin
  constexpr size_t kBytes = 100;
  UniqueFd listener = TcpListen("127.0.0.1", 0, 1024);
  std::vector<UniqueFd> clients;
  std::vector<UniqueFd> servers;
  for (int i = 0; i < kSockets; ++i) {
    TcpPair pair = TcpEstablished(listener, "127.0.0.1");
    FillReceiveQueue(pair, kBytes);
    clients.push_back(std::move(pair.client));
    servers.push_back(std::move(pair.server));
  }
  ChildHolder reader(std::move(servers), "kt-noreader");

  JsonRun run = Check(kCheck, 1);
  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("recv-queue-buildup:warning"))
      << run.doc.dump(1);
  nlohmann::json rq = OnlyFinding(run, "recv-queue-buildup");
  EXPECT_THAT(Pids(rq["processes"]), ElementsAre(reader.pid()));
  const nlohmann::json& e = rq["evidence"];
  EXPECT_EQ(e["sockets_not_reading"], kSockets) << e.dump();
  EXPECT_EQ(e["sockets_over_threshold"], 0) << e.dump();
  EXPECT_EQ(e["max_recv_q_bytes"], kBytes) << e.dump();
  EXPECT_EQ(e["total_recv_q_bytes"], kSockets * kBytes) << e.dump();
}

// Writes without blocking until the send buffer takes no more.
void WriteUntilFull(const UniqueFd& fd) {
  std::vector<char> chunk(65536, 'x');
  for (;;) {
    ssize_t n = ::send(fd.get(), chunk.data(), chunk.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) throw std::system_error(errno, std::generic_category(), "send");
    // Full for now; wait a little in case the peer's window still takes some.
    pollfd p{fd.get(), POLLOUT, 0};
    if (::poll(&p, 1, 100) != 1) return;
  }
}

size_t SendQueueBytes(const UniqueFd& fd) {
  int n = 0;
  if (::ioctl(fd.get(), SIOCOUTQ, &n) != 0) {
    throw std::system_error(errno, std::generic_category(), "SIOCOUTQ");
  }
  return static_cast<size_t>(n);
}

TEST_F(CheckConnections, SendQueueAgainstAPeerThatStopsReadingNamesTheWriter) {
  // The reader (accepted end, kept by the test) has a tiny receive buffer
  // and never reads; the writer's send buffer holds well over 1 MiB.
  UniqueFd listener = TcpListenWithRcvbuf("127.0.0.1", 1024, 4096);
  uint16_t port = LocalPort(listener);
  TcpPair pair = TcpEstablished(listener, "127.0.0.1");
  int sndbuf = 4 << 20;
  ASSERT_EQ(::setsockopt(pair.client.get(), SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)),
            0);
  WriteUntilFull(pair.client);
  // The peer's window is closed once the writer probes it (backoff > 0);
  // from then on Send-Q no longer changes.
  ASSERT_TRUE(WaitUntil([&] { return TcpInfo(pair.client).tcpi_backoff > 0; }, Millis(2000)))
      << "no zero-window probing";
  size_t send_q = SendQueueBytes(pair.client);
  ASSERT_GE(send_q, size_t{1} << 20);
  uint16_t writer_port = LocalPort(pair.client);
  std::vector<UniqueFd> given;
  given.push_back(std::move(pair.client));
  ChildHolder writer(std::move(given), "kt-writer");

  JsonRun run = Check(kCheck, 1);
  EXPECT_THAT(LocalFindingKeys(run.doc), ElementsAre("send-queue-buildup:warning"))
      << run.doc.dump(1);
  nlohmann::json sq = OnlyFinding(run, "send-queue-buildup");
  EXPECT_THAT(Pids(sq["processes"]), ElementsAre(writer.pid())) << sq.dump(1);
  EXPECT_EQ(sq["processes"][0].value("comm", ""), "kt-writer");
  const nlohmann::json& e = sq["evidence"];
  EXPECT_EQ(e.value("group", ""), "kt-writer (pid " + std::to_string(writer.pid()) + ")");
  EXPECT_EQ(e["sockets_over_threshold"], 1) << e.dump();
  EXPECT_EQ(e["backing_off"], 1) << e.dump();
  EXPECT_EQ(e["max_send_q_bytes"], send_q) << e.dump();
  EXPECT_EQ(e["total_send_q_bytes"], send_q) << e.dump();
  EXPECT_EQ(e.value("largest_local", ""), Local(writer_port)) << e.dump();
  EXPECT_EQ(e.value("largest_peer", ""), Local(port)) << e.dump();
}

// ---- A healthy namespace. ----

using CheckHealthy = NetnsTest;

TEST_F(CheckHealthy, LargeBacklogAndAcceptedConnectionGiveNoFindings) {
  WriteSysctl("net/core/somaxconn", "4096");
  UniqueFd listener = TcpListen("127.0.0.1", 0, 1024);
  TcpPair pair = TcpEstablished(listener, "127.0.0.1");

  JsonRun run = Check(kCheck, 0);
  EXPECT_THAT(LocalFindingKeys(run.doc), IsEmpty()) << run.doc.dump(1);
  EXPECT_EQ(run.doc["summary"].value("critical", -1), 0);
  EXPECT_EQ(run.doc["summary"].value("warning", -1), 0);
}

// ---- Exit code 3: nothing could be inspected. ----

TEST(CheckExitCode, UnreadableProcRootExitsThree) {
  for (const char* command : {"ls", "check", "listeners", "stats"}) {
    CommandResult result = RunSockscope({"--proc-root", "/nonexistent", command});
    EXPECT_EQ(result.exit_code, 3) << command << ": " << result.Describe();
    EXPECT_THAT(result.err, HasSubstr("/nonexistent")) << command << ": " << result.Describe();
  }
}

}  // namespace
}  // namespace sockscope::testing
