// collect::Collect, the one pipeline, on fakes: every source's status is
// recorded and a missing table makes the result incomplete; a failed dump is
// retried, then read from /proc/net; namespaces that cannot be entered are
// read through /proc/PID/net with the same selection, deduplication and
// state filter as every other path; owner-walk errors are never "no owner";
// nothing starts once the deadline has passed.
#include "collect/collector.h"
#include "support/holders.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "collect/owner_step.h"
#include "collect/socket_sink.h"
#include "collect/socket_sources.h"
#include "fakes/fake_netlink.h"
#include "fakes/fake_netns.h"
#include "fakes/fake_proc_fs.h"
#include "sys/socket_fds.h"

namespace sockscope::collect {
using test::Holders;
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;
using fakes::FakeNetns;
using fakes::FakeProcFs;
using model::SourceStatus;
using testing::DoneMessage;
using testing::Errno;
using testing::FakeNetlinkOpener;
using testing::FakeScript;
using testing::TcpSocketMessage;

constexpr const char* kTcpHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode\n";

// A /proc/net/tcp row: 127.0.0.1:lport -> 127.0.0.1:rport in state st (hex).
std::string Row(int slot, int lport, int rport, const char* st, int inode) {
  char row[220];
  std::snprintf(row, sizeof row,
                "%4d: 0100007F:%04X 0100007F:%04X %s 00000000:00000000 00:00000000 00000000"
                "     0        0 %d 1 0000000000000000 100 0 0 10 0\n",
                slot, lport, rport, st, inode);
  return row;
}

const SourceStatus* StatusOf(const model::Snapshot& snap, const std::string& source) {
  for (const auto& s : snap.sources)
    if (s.source == source) return &s.status;
  return nullptr;
}

std::multiset<std::pair<std::string, uint16_t>> Rows(const model::Snapshot& snap) {
  std::multiset<std::pair<std::string, uint16_t>> rows;
  for (const auto& s : snap.sockets)
    rows.insert({std::string(model::StateName(s.state)), s.local.port});
  return rows;
}

FakeScript Clean(uint32_t first, uint32_t count) {
  std::vector<testing::FakeMessage> messages;
  for (uint32_t i = 0; i < count; ++i) messages.push_back(TcpSocketMessage(first + i));
  messages.push_back(DoneMessage());
  return {0, {testing::Datagram(messages)}};
}

struct World {
  FakeProcFs proc;
  World() {
    proc.SetNetnsLink("net:[4026531840]");
    proc.SetFile("net/tcp", std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500));
    proc.SetFile("net/tcp6", kTcpHeader);
  }
};

CollectOptions TcpAll(SourceChoice source) {
  CollectOptions o;
  o.source = source;
  o.timeout = 2s;
  return o;
}

// The same options, asking who holds each socket.
CollectOptions WithOwners(CollectOptions o) {
  o.owners = true;
  return o;
}

TEST(Collect, EveryTableAskedForHasAStatus) {
  World w;
  FakeNetlinkOpener opener({Clean(0, 2), Clean(2, 1)});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, TcpAll(SourceChoice::kAuto));
  ASSERT_NE(StatusOf(snap, "tcp/inet"), nullptr);
  ASSERT_NE(StatusOf(snap, "tcp/inet6"), nullptr);
  EXPECT_EQ(*StatusOf(snap, "tcp/inet"), SourceStatus::kOk);
  EXPECT_TRUE(snap.Complete());
  EXPECT_EQ(snap.sockets.size(), 3u);
  EXPECT_EQ(snap.source, "netlink");
}

TEST(Collect, Issue12FailedIpv4DumpWithoutFallbackIsIncomplete) {
  World w;
  // IPv4: ENOBUFS on the first socket and on its retry; IPv6 answers.
  FakeNetlinkOpener opener({{0, {Errno(ENOBUFS)}},
                            {0, {Errno(ENOBUFS)}},
                            {0, {Errno(ENOBUFS)}},
                            {0, {Errno(ENOBUFS)}},
                            Clean(5, 1)});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, TcpAll(SourceChoice::kNetlink));
  ASSERT_NE(StatusOf(snap, "tcp/inet"), nullptr);
  EXPECT_EQ(*StatusOf(snap, "tcp/inet"), SourceStatus::kFailed);
  EXPECT_EQ(*StatusOf(snap, "tcp/inet6"), SourceStatus::kOk);
  EXPECT_FALSE(snap.Complete()) << "a missing IPv4 table must not pass as complete";
  EXPECT_EQ(snap.sockets.size(), 1u) << "the IPv6 table is still shown";
  EXPECT_TRUE(snap.HasErrors());
}

TEST(Collect, Issue12FailedDumpIsRetriedOnAFreshSocket) {
  World w;
  FakeNetlinkOpener opener(
      {{0, {Errno(ENOBUFS)}}, {0, {Errno(ENOBUFS)}}, Clean(0, 2), Clean(2, 1)});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, TcpAll(SourceChoice::kNetlink));
  EXPECT_TRUE(snap.Complete());
  EXPECT_EQ(*StatusOf(snap, "tcp/inet"), SourceStatus::kOk);
  EXPECT_EQ(snap.sockets.size(), 3u);
}

TEST(Collect, Issue12FailedDumpFallsBackToProcForThatTableOnly) {
  World w;
  FakeNetlinkOpener opener({{0, {Errno(ENOBUFS)}},
                            {0, {Errno(ENOBUFS)}},
                            {0, {Errno(ENOBUFS)}},
                            {0, {Errno(ENOBUFS)}},
                            Clean(5, 1)});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, TcpAll(SourceChoice::kAuto));
  EXPECT_TRUE(snap.Complete());
  EXPECT_EQ(*StatusOf(snap, "tcp/inet"), SourceStatus::kFellBack);
  EXPECT_EQ(*StatusOf(snap, "tcp/inet6"), SourceStatus::kOk);
  EXPECT_EQ(Rows(snap), (std::multiset<std::pair<std::string, uint16_t>>{{"LISTEN", 8080},
                                                                         {"ESTABLISHED", 10005}}));
  EXPECT_EQ(snap.source, "proc");
}

TEST(Collect, ProcRowsAreFilteredByTheSameSelection) {
  World w;
  w.proc.SetFile("net/tcp", std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500) +
                                Row(1, 40000, 8080, "01", 501) + Row(2, 40001, 8080, "06", 0));
  Environment env{nullptr, &w.proc};
  CollectOptions o = TcpAll(SourceChoice::kProc);
  o.selection.tcp_states = model::StateBit(model::State::kEstablished);
  auto snap = Collect(env, o);
  EXPECT_EQ(Rows(snap), (std::multiset<std::pair<std::string, uint16_t>>{{"ESTABLISHED", 40000}}));
  EXPECT_TRUE(snap.Complete());
}

// Namespace 7 held by pid 42: entered, or read through /proc/42/net.
struct NamespaceWorld {
  FakeProcFs proc;
  FakeNetns netns;
  std::vector<NetnsTarget> targets;
  NamespaceWorld(FakeNetns::Behaviour b) {
    proc.SetNetnsLink("net:[4026531840]");
    proc.SetFile("net/tcp", kTcpHeader);
    proc.SetFile("net/tcp6", kTcpHeader);
    std::string rows = std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500) +
                       Row(1, 8080, 40000, "01", 501) + Row(2, 40000, 8080, "01", 502) +
                       Row(3, 40001, 8080, "06", 0) + Row(3, 8080, 40000, "01", 501);
    proc.SetFile("netns/7/net/tcp", rows);
    proc.SetFile("netns/7/net/tcp6", kTcpHeader);
    proc.SetFile("42/net/tcp", rows);
    proc.SetFile("42/net/tcp6", kTcpHeader);
    proc.SetNetnsLink("net:[7]", 42);
    netns.Add("/run/netns/seven", 7, b);
    NetnsTarget t;
    t.inode = 7;
    t.name = "seven";
    t.path = "/run/netns/seven";
    t.pid = 42;
    targets.push_back(t);
  }
  model::Snapshot Run(model::StateMask states) {
    Environment env{nullptr, &proc, &netns, &targets};
    CollectOptions o = TcpAll(SourceChoice::kProc);
    o.selection.tcp_states = states;
    return Collect(env, o);
  }
};

TEST(Collect, Issue11RefusedNamespaceFallbackListsTheSameRows) {
  const model::StateMask kDefault = model::kAllStates & ~(model::StateBit(model::State::kListen) |
                                                          model::StateBit(model::State::kTimeWait));
  for (model::StateMask states : {kDefault, model::kAllStates}) {
    NamespaceWorld entered(FakeNetns::Behaviour::kEnter);
    NamespaceWorld refused(FakeNetns::Behaviour::kDenyEnter);
    auto a = entered.Run(states);
    auto b = refused.Run(states);
    EXPECT_EQ(entered.netns.entered(), 1);
    EXPECT_EQ(refused.netns.entered(), 0);
    EXPECT_EQ(Rows(a), Rows(b));
    EXPECT_FALSE(Rows(a).empty());
    for (const auto& s : b.sockets) EXPECT_EQ(s.netns, 7u);
    EXPECT_EQ(*StatusOf(b, "tcp/inet"), SourceStatus::kFellBack);
    EXPECT_TRUE(b.Complete()) << "the fallback read every table";
    bool noted = false;
    for (const auto& n : b.notes) noted |= n.message.find("/proc/42/net") != std::string::npos;
    EXPECT_TRUE(noted);
  }
}

TEST(Collect, Issue12NoThreadForANamespaceIsAnErrorNotAnAbort) {
  NamespaceWorld w(FakeNetns::Behaviour::kNoThread);
  auto snap = w.Run(model::kAllStates);
  EXPECT_EQ(*StatusOf(snap, "tcp/inet"), SourceStatus::kFellBack);
  EXPECT_FALSE(snap.sockets.empty());
}

TEST(Collect, Issue12RefusedNamespaceWithoutProcessIsIncomplete) {
  NamespaceWorld w(FakeNetns::Behaviour::kDenyEnter);
  w.targets[0].pid.reset();
  auto snap = w.Run(model::kAllStates);
  ASSERT_NE(StatusOf(snap, "netns"), nullptr);
  EXPECT_EQ(*StatusOf(snap, "netns"), SourceStatus::kFailed);
  EXPECT_FALSE(snap.Complete());
}

TEST(Collect, VanishedNamespaceIsChurnNotMissingData) {
  NamespaceWorld w(FakeNetns::Behaviour::kVanished);
  w.targets[0].pid.reset();
  auto snap = w.Run(model::kAllStates);
  EXPECT_TRUE(snap.Complete());
  EXPECT_TRUE(snap.sockets.empty());
  ASSERT_FALSE(snap.notes.empty());
  EXPECT_THAT(snap.notes.back().message, HasSubstr("vanished"));
}

TEST(Collect, Issue12NothingStartsAfterTheDeadline) {
  NamespaceWorld w(FakeNetns::Behaviour::kEnter);
  Environment env{nullptr, &w.proc, &w.netns, &w.targets};
  CollectOptions o = TcpAll(SourceChoice::kProc);
  o.deadline = base::Deadline::After(0ns);
  auto snap = Collect(env, o);
  EXPECT_EQ(w.netns.entered(), 0);
  EXPECT_TRUE(snap.sockets.empty());
  EXPECT_FALSE(snap.Complete());
}

TEST(Collect, Issue12OwnerWalkErrorsMakeOwnersUnknownNotAbsent) {
  World w;
  w.proc.SetFile("net/tcp",
                 std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500) + Row(1, 9090, 0, "0A", 600));
  w.proc.AddProcess(100, "server").fds = {{3, "socket:[500]"}};
  auto& broken = w.proc.AddProcess(200, "other");
  broken.list_fds_errno = EMFILE;
  Environment env{nullptr, &w.proc};
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  o.listeners = true;
  auto snap = Collect(env, o);
  EXPECT_EQ(snap.owners.processes_unreadable, 1u);
  EXPECT_EQ(snap.owners.processes_vanished, 0u) << "EMFILE is not an exit";
  ASSERT_NE(StatusOf(snap, "owners"), nullptr);
  EXPECT_EQ(*StatusOf(snap, "owners"), SourceStatus::kFailed);
  EXPECT_FALSE(snap.Complete());
  for (const auto& l : snap.listeners) {
    if (l.local.port == 8080) {
      EXPECT_TRUE(l.owners_known) << "its owner was seen";
    } else if (l.local.port == 9090) {
      EXPECT_FALSE(l.owners_known) << "may be held by pid 200";
    }
  }
}

TEST(Collect, UnreadableProcessesDoNotMatterWhenEverySocketHasAnOwner) {
  World w;
  w.proc.AddProcess(100, "server").fds = {{3, "socket:[500]"}};
  w.proc.AddProcess(1, "init").fd_dir_denied = true;
  Environment env{nullptr, &w.proc};
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  auto snap = Collect(env, o);
  EXPECT_EQ(*StatusOf(snap, "owners"), SourceStatus::kOk);
  EXPECT_TRUE(snap.Complete());
}

TEST(Collect, OwnerCacheServesWhileNoWantedSocketIsNew) {
  World w;
  w.proc.AddProcess(100, "server").fds = {{3, "socket:[500]"}};
  Environment env{nullptr, &w.proc};
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  o.owner_scope = OwnerScope::kListeners;
  OwnerCache cache;
  CollectPolicy policy;
  policy.owner_cache = &cache;
  Collect(env, o, policy);
  const int walks = w.proc.open_pid_calls();
  auto again = Collect(env, o, policy);
  EXPECT_EQ(w.proc.open_pid_calls(), walks);
  ASSERT_FALSE(again.owners.Find(500).empty());
}

// A kernel list of socket fds as the BPF iterator gives it: in the kernel's
// order (not sorted), every process's sockets, or a scripted failure.
class FakeSocketFds : public sys::SocketFdSource {
 public:
  std::vector<sys::SocketFd> fds;
  std::optional<base::Error> error;
  int reads = 0;
  base::Result<void> Read(const base::Deadline&,
                          const std::function<void(const sys::SocketFd&)>& on_fd) override {
    ++reads;
    if (error) return *error;
    for (const auto& fd : fds) on_fd(fd);
    return {};
  }
  std::string_view Via() const override { return "bpf"; }
};

const model::SourceState* OwnersSource(const model::Snapshot& snap) {
  for (const auto& s : snap.sources)
    if (s.source == "owners") return &s;
  return nullptr;
}

TEST(Collect, Issue16OwnersFromTheKernelListSortedAsTheProcWalk) {
  World w;
  w.proc.SetFile("net/tcp",
                 std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500) + Row(1, 9090, 0, "01", 600));
  // The /proc walk would say otherwise: it must not be read for owners.
  w.proc.AddProcess(999, "stale").fds = {{3, "socket:[500]"}};
  // The listener's holder 200 has an epoll fd: its details come from its
  // stat and that fd's fdinfo, not from a walk of its fd table.
  auto& master = w.proc.AddProcess(200, "master");
  master.stat = "200 (master) T 1 200 200 0 -1";
  master.fdinfo[8] = "tfd: 3 events: 19 data: 3 pos:0 ino:1f4 sdev:9\n";
  FakeSocketFds kernel;
  kernel.fds = {{500, 300, 9, "worker"}, {600, 7, 4, "client"}, {500, 200, 5, "master"},
                {500, 200, 3, "master"}, {777, 1, 1, "other"},  {0, 200, 8, "master", true}};
  Environment env{nullptr, &w.proc};
  env.socket_fds = &kernel;
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  auto snap = Collect(env, o);
  ASSERT_NE(OwnersSource(snap), nullptr);
  EXPECT_EQ(OwnersSource(snap)->via, "bpf");
  EXPECT_EQ(OwnersSource(snap)->status, SourceStatus::kOk);
  const auto owners = Holders(snap.owners.Find(500));
  ASSERT_FALSE(owners.empty());
  EXPECT_EQ(owners, (std::vector<model::Owner>{
                        {200, 3, "master"}, {200, 5, "master"}, {300, 9, "worker"}}));
  EXPECT_TRUE(snap.owners.Find(777).empty()) << "not a wanted socket";
  EXPECT_EQ(snap.owners.processes_scanned, 4u);
  EXPECT_TRUE(snap.Complete());
  ASSERT_EQ(snap.owners.details.count(200), 1u);
  EXPECT_EQ(snap.owners.details.at(200).state, 'T');
  EXPECT_TRUE(snap.owners.details.at(200).epoll_known);
  EXPECT_EQ(snap.owners.details.at(200).epoll_watches, (std::vector<uint64_t>{500}));
  EXPECT_EQ(snap.owners.details.count(300), 0u) << "gone from /proc: unknown";
}

// The exporter's cache holds the kernel's list too (one pass over every open
// file is a fifth of a scrape at 100k sockets), but the holders' details
// (state, epoll watches) are read afresh at every collection.
TEST(Collect, Issue16KernelOwnersAreCachedAndTheirDetailsReadAfresh) {
  World w;
  auto& master = w.proc.AddProcess(200, "master");
  master.stat = "200 (master) S 1 200 200 0 -1";
  master.fdinfo[8] = "tfd: 3 events: 19 data: 3 pos:0 ino:1f4 sdev:9\n";
  FakeSocketFds kernel;
  kernel.fds = {{500, 200, 3, "master"}, {0, 200, 8, "master", true}};
  Environment env{nullptr, &w.proc};
  env.socket_fds = &kernel;
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  o.owner_scope = OwnerScope::kListeners;
  OwnerCache cache;
  CollectPolicy policy;
  policy.owner_cache = &cache;
  auto first = Collect(env, o, policy);
  ASSERT_EQ(kernel.reads, 1);
  ASSERT_EQ(first.owners.details.count(200), 1u);
  EXPECT_EQ(first.owners.details.at(200).state, 'S');

  master.stat = "200 (master) T 1 200 200 0 -1";
  auto second = Collect(env, o, policy);
  EXPECT_EQ(kernel.reads, 1) << "the same listeners: the list is not read again";
  ASSERT_NE(OwnersSource(second), nullptr);
  EXPECT_EQ(OwnersSource(second)->via, "bpf") << "where the cached owners came from";
  EXPECT_EQ(OwnersSource(second)->status, SourceStatus::kOk);
  EXPECT_EQ(Holders(second.owners.Find(500)), (std::vector<model::Owner>{{200, 3, "master"}}));
  ASSERT_EQ(second.owners.details.count(200), 1u);
  EXPECT_EQ(second.owners.details.at(200).state, 'T') << "details are not cached";
  EXPECT_EQ(second.owners.details.at(200).epoll_watches, (std::vector<uint64_t>{500}));

  // A new listener is not in the cache: the list is read again.
  w.proc.SetFile("net/tcp",
                 std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500) + Row(1, 9090, 0, "0A", 600));
  kernel.fds.push_back({600, 200, 4, "master"});
  auto third = Collect(env, o, policy);
  EXPECT_EQ(kernel.reads, 2);
  EXPECT_EQ(Holders(third.owners.Find(600)), (std::vector<model::Owner>{{200, 4, "master"}}));
}

TEST(Collect, Issue16AutoFallsBackToProcWithANoteAndBpfForcedFails) {
  World w;
  w.proc.SetFile("net/tcp", std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500));
  w.proc.AddProcess(100, "server").fds = {{3, "socket:[500]"}};
  FakeSocketFds kernel;
  kernel.error = base::MakeError(base::ErrorKind::kPermission, "BPF owner map: load: denied");
  Environment env{nullptr, &w.proc};
  env.socket_fds = &kernel;
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  auto snap = Collect(env, o);
  ASSERT_NE(OwnersSource(snap), nullptr);
  EXPECT_EQ(OwnersSource(snap)->via, "proc");
  EXPECT_EQ(OwnersSource(snap)->status, SourceStatus::kOk);
  ASSERT_FALSE(snap.owners.Find(500).empty());
  bool noted = false;
  for (const auto& n : snap.notes)
    noted |= n.message.find("owners read from /proc") != std::string::npos;
  EXPECT_TRUE(noted);

  o.owner_method = OwnerMethod::kBpf;
  auto forced = Collect(env, o);
  ASSERT_NE(OwnersSource(forced), nullptr);
  EXPECT_EQ(OwnersSource(forced)->via, "bpf");
  EXPECT_EQ(OwnersSource(forced)->status, SourceStatus::kFailed);
  EXPECT_FALSE(forced.Complete());
  EXPECT_TRUE(forced.owners.Find(500).empty());

  o.owner_method = OwnerMethod::kProc;
  const int reads = kernel.reads;
  auto walked = Collect(env, o);
  EXPECT_EQ(kernel.reads, reads) << "--owners proc never asks the kernel's list";
  EXPECT_EQ(OwnersSource(walked)->via, "proc");
}

TEST(Collect, Issue16ATimeoutOfTheKernelListFailsRatherThanWalkingPastTheDeadline) {
  World w;
  w.proc.SetFile("net/tcp", std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500));
  w.proc.AddProcess(100, "server").fds = {{3, "socket:[500]"}};
  FakeSocketFds kernel;
  kernel.error = base::MakeError(base::ErrorKind::kTimeout, "BPF owner map: time budget spent");
  Environment env{nullptr, &w.proc};
  env.socket_fds = &kernel;
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  const int opens = w.proc.open_pid_calls();
  auto snap = Collect(env, o);
  EXPECT_EQ(OwnersSource(snap)->status, SourceStatus::kFailed);
  EXPECT_EQ(w.proc.open_pid_calls(), opens);
}

// A sink that keeps what it is given, and what came with it.
class KeepingSink : public SocketSink {
 public:
  std::vector<model::Socket> sockets;
  std::vector<std::vector<model::Owner>> owners;  // each socket's, as given
  bool owners_given = true;
  void Take(const model::Socket& s, const SocketContext& context) override {
    sockets.push_back(s);
    owners_given = owners_given && context.owners != nullptr;
    owners.push_back(context.owners ? Holders(context.owners->Find(s.inode))
                                    : std::vector<model::Owner>{});
  }
};

std::multiset<uint64_t> Cookies(const std::vector<model::Socket>& sockets) {
  std::multiset<uint64_t> cookies;
  for (const auto& s : sockets) cookies.insert(s.cookie);
  return cookies;
}

TEST(CollectStreamed, Issue16TheSinkGetsWhatTheSnapshotWouldHoldAndTheSnapshotNone) {
  World w;
  FakeNetlinkOpener held_opener({Clean(0, 3), Clean(3, 2)});
  Environment held_env{&held_opener, &w.proc};
  auto held = Collect(held_env, TcpAll(SourceChoice::kAuto));

  FakeNetlinkOpener opener({Clean(0, 3), Clean(3, 2)});
  Environment env{&opener, &w.proc};
  KeepingSink sink;
  CollectPolicy policy;
  policy.sink = &sink;
  const int sockstat_reads = w.proc.net_file_reads("sockstat");
  auto streamed = Collect(env, TcpAll(SourceChoice::kAuto), policy);
  EXPECT_EQ(w.proc.net_file_reads("sockstat"), sockstat_reads + 1) << "read once per run";
  EXPECT_TRUE(streamed.sockets.empty());
  EXPECT_EQ(Cookies(sink.sockets), Cookies(held.sockets));
  EXPECT_EQ(sink.sockets.size(), 5u);
  ASSERT_EQ(streamed.sources.size(), held.sources.size());
  for (size_t i = 0; i < held.sources.size(); ++i) {
    EXPECT_EQ(streamed.sources[i].source, held.sources[i].source);
    EXPECT_EQ(streamed.sources[i].status, held.sources[i].status);
  }
  EXPECT_TRUE(streamed.Complete());
  EXPECT_EQ(streamed.source, "netlink");
}

TEST(CollectStreamed, Issue16RepeatsAreDroppedAsTheyComeAndCounted) {
  World w;
  // The IPv4 dump lists socket 1 twice (a socket moving within a bucket
  // mid-dump); IPv6 lists socket 1 again (the same inode and cookie).
  FakeScript v4{0,
                {testing::Datagram({TcpSocketMessage(0), TcpSocketMessage(1), TcpSocketMessage(1),
                                    TcpSocketMessage(2), DoneMessage()})}};
  FakeScript v6{0, {testing::Datagram({TcpSocketMessage(1), DoneMessage()})}};
  FakeNetlinkOpener opener({v4, v6});
  Environment env{&opener, &w.proc};
  KeepingSink sink;
  CollectPolicy policy;
  policy.sink = &sink;
  auto snap = Collect(env, TcpAll(SourceChoice::kNetlink), policy);
  EXPECT_EQ(Cookies(sink.sockets), (std::multiset<uint64_t>{5000, 5001, 5002}));
  bool noted = false;
  for (const auto& n : snap.notes) noted |= n.message == "2 duplicate socket entries dropped";
  EXPECT_TRUE(noted);
  EXPECT_TRUE(snap.Complete());
}

// Held (not streamed): one pass drops repeats and what the selection does
// not ask for; only the repeats are counted as such.
TEST(Collect, RepeatsAndUnselectedStatesAreDroppedInOnePass) {
  World w;
  testing::InetDiagSpec listening;
  listening.state = 10;  // TCP_LISTEN: not asked for below (a fake kernel sends it anyway)
  listening.local_port = 80;
  listening.inode = 900;
  listening.cookie = 9000;
  FakeScript v4{0,
                {testing::Datagram({TcpSocketMessage(0), TcpSocketMessage(1),
                                    testing::DataMessage(testing::InetDiagPayload(listening)),
                                    TcpSocketMessage(1), DoneMessage()})}};
  FakeScript v6{0, {testing::Datagram({TcpSocketMessage(0), DoneMessage()})}};
  FakeNetlinkOpener opener({v4, v6});
  Environment env{&opener, &w.proc};
  CollectOptions o = TcpAll(SourceChoice::kNetlink);
  o.selection.tcp_states = model::StateBit(model::State::kEstablished);
  auto snap = Collect(env, o);
  EXPECT_EQ(Cookies(snap.sockets), (std::multiset<uint64_t>{5000, 5001}));
  bool noted = false;
  for (const auto& n : snap.notes) noted |= n.message == "2 duplicate socket entries dropped";
  EXPECT_TRUE(noted);
  EXPECT_TRUE(snap.Complete());
}

TEST(CollectStreamed, Issue16OwnersAreReadFirstAndUnknownOnesMakeTheRunIncomplete) {
  World w;
  w.proc.SetFile("net/tcp",
                 std::string(kTcpHeader) + Row(0, 8080, 0, "0A", 500) + Row(1, 9090, 0, "01", 600));
  w.proc.AddProcess(100, "server").fds = {{3, "socket:[500]"}};
  w.proc.AddProcess(200, "secret").fd_dir_denied = true;  // may hold 600
  Environment env{nullptr, &w.proc};
  CollectOptions o = WithOwners(TcpAll(SourceChoice::kProc));
  o.owner_method = OwnerMethod::kProc;
  KeepingSink sink;
  CollectPolicy policy;
  policy.sink = &sink;
  auto snap = Collect(env, o, policy);
  ASSERT_EQ(sink.sockets.size(), 2u);
  EXPECT_TRUE(sink.owners_given) << "owners go out with each socket";
  for (size_t i = 0; i < sink.sockets.size(); ++i) {
    if (sink.sockets[i].inode == 500) {
      EXPECT_EQ(sink.owners[i], (std::vector<model::Owner>{{100, 3, "server"}}));
    } else {
      EXPECT_TRUE(sink.owners[i].empty());
    }
  }
  ASSERT_NE(OwnersSource(snap), nullptr);
  EXPECT_EQ(OwnersSource(snap)->status, SourceStatus::kFailed);
  EXPECT_NE(OwnersSource(snap)->reason.find("owners of 1 socket(s) unknown"), std::string::npos)
      << OwnersSource(snap)->reason;
  EXPECT_FALSE(snap.Complete());
  EXPECT_TRUE(snap.sources.back().source == "owners") << "recorded after the tables";
}

TEST(CollectStreamed, Issue16TablesComeInSsOrderWhenAsked) {
  World w;
  w.proc.SetFile("net/udp", std::string(kTcpHeader) + Row(0, 53, 0, "07", 700));
  w.proc.SetFile("net/udp6", kTcpHeader);
  Environment env{nullptr, &w.proc};
  CollectOptions o = TcpAll(SourceChoice::kProc);
  o.selection.udp = true;
  o.ss_table_order = true;
  KeepingSink sink;
  CollectPolicy policy;
  policy.sink = &sink;
  auto snap = Collect(env, o, policy);
  ASSERT_EQ(sink.sockets.size(), 2u);
  EXPECT_EQ(sink.sockets[0].proto, model::Proto::kUdp) << "ss prints UDP before TCP";
  EXPECT_EQ(sink.sockets[1].proto, model::Proto::kTcp);
  EXPECT_EQ(snap.sources.front().source, "udp/inet");
}

TEST(TableKnownEmpty, Issue16OnlyWhatTheCountsProveIsSkipped) {
  using model::Family;
  using model::Proto;
  model::SockStat none;
  none.tcp_inuse = none.tcp6_inuse = none.tcp_tw = 0;
  none.udp_inuse = none.udp6_inuse = none.raw_inuse = none.raw6_inuse = 0;
  EXPECT_TRUE(TableKnownEmpty(Proto::kTcp, Family::kInet, none));
  EXPECT_TRUE(TableKnownEmpty(Proto::kTcp, Family::kInet6, none));
  EXPECT_TRUE(TableKnownEmpty(Proto::kUdp, Family::kInet6, none));
  EXPECT_FALSE(TableKnownEmpty(Proto::kUnix, Family::kUnix, none)) << "no count of UNIX sockets";

  model::SockStat dual_stack_listener = none;
  dual_stack_listener.tcp6_inuse = 1;
  EXPECT_FALSE(TableKnownEmpty(Proto::kTcp, Family::kInet, dual_stack_listener))
      << "an IPv4 connection to an IPv6 listener waits as an IPv4 request";
  EXPECT_FALSE(TableKnownEmpty(Proto::kTcp, Family::kInet6, dual_stack_listener));

  model::SockStat time_wait = none;
  time_wait.tcp_tw = 3;  // TIME-WAIT is counted for both families together
  EXPECT_FALSE(TableKnownEmpty(Proto::kTcp, Family::kInet, time_wait));
  EXPECT_FALSE(TableKnownEmpty(Proto::kTcp, Family::kInet6, time_wait));

  model::SockStat unknown;  // no sockstat6: nothing about IPv6 is known
  unknown.tcp_inuse = unknown.tcp_tw = unknown.udp_inuse = 0;
  EXPECT_FALSE(TableKnownEmpty(Proto::kTcp, Family::kInet, unknown));
  EXPECT_FALSE(TableKnownEmpty(Proto::kTcp, Family::kInet6, unknown));
  EXPECT_TRUE(TableKnownEmpty(Proto::kUdp, Family::kInet, unknown));
}

TEST(Collect, Issue16ATableTheCountsProveEmptyIsNotDumped) {
  World w;
  w.proc.SetFile("net/sockstat",
                 "sockets: used 3\nTCP: inuse 1 orphan 0 tw 0 alloc 1 mem 0\nUDP: inuse 0 mem 0\n");
  w.proc.SetFile("net/sockstat6", "TCP6: inuse 0\nUDP6: inuse 0\n");
  // One dump only: IPv4. An IPv6 dump would find no script and fail.
  FakeNetlinkOpener opener({Clean(0, 1)});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, TcpAll(SourceChoice::kNetlink));
  EXPECT_TRUE(snap.Complete());
  EXPECT_EQ(snap.sockets.size(), 1u);
  for (const auto& source : snap.sources) {
    if (source.source == "tcp/inet6") {
      EXPECT_EQ(source.via, "sockstat");
    }
    if (source.source == "tcp/inet") {
      EXPECT_EQ(source.via, "netlink");
    }
  }
  EXPECT_EQ(snap.source, "netlink");
}

}  // namespace
}  // namespace sockscope::collect
