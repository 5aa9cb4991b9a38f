// CollectFromNetlink over a scripted transport: a failed dump becomes a note
// and loses all its sockets, the other dumps are kept, a missing diag module
// is "unsupported" rather than a failure, and no dump outlives the deadline.
#include "collect/netlink_source.h"

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>

#include "fakes/fake_netlink.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

FakeScript Clean(uint32_t first, uint32_t count) {
  std::vector<FakeMessage> messages;
  for (uint32_t i = 0; i < count; ++i) messages.push_back(TcpSocketMessage(first + i));
  messages.push_back(DoneMessage());
  return {0, {Datagram(messages)}};
}

std::vector<uint64_t> InodesOf(const collect::SourceResult& r) {
  std::vector<uint64_t> out;
  for (const auto& s : r.sockets) out.push_back(s.inode);
  return out;
}

collect::NetlinkSourceOptions TcpOnly() {
  collect::NetlinkSourceOptions o;
  o.tcp = true;
  o.inet4 = true;
  o.inet6 = true;  // two dumps: tcp/inet then tcp/inet6
  return o;
}

TEST(CollectFromNetlink, StampsTheNamespaceOnEverySocket) {
  FakeNetlinkOpener opener({Clean(0, 2), Clean(2, 1)});
  auto r = collect::CollectFromNetlink(opener, TcpOnly(), base::Deadline::After(1s), 4026531840);
  EXPECT_EQ(r.dumps_ok, 2);
  EXPECT_EQ(r.dumps_failed, 0);
  EXPECT_EQ(InodesOf(r), (std::vector<uint64_t>{1000, 1001, 1002}));
  for (const auto& s : r.sockets) EXPECT_EQ(s.netns, 4026531840u);
  EXPECT_TRUE(r.notes.empty());
}

// A TCP socket of `state` (kernel numbering) with memory info whose drops
// count is `drops`.
FakeMessage TcpWithMemory(uint8_t state, uint32_t inode, uint32_t drops) {
  InetDiagSpec spec;
  spec.state = state;
  spec.local_port = 8080;
  spec.inode = inode;
  auto payload = InetDiagPayload(spec);
  std::vector<uint32_t> mem(SK_MEMINFO_VARS, 0);
  mem[SK_MEMINFO_DROPS] = drops;
  AppendMemInfo(payload, INET_DIAG_SKMEMINFO, mem);
  return DataMessage(std::move(payload));
}

// check, top and serve read memory for listener (and UDP) drops only: a
// connection's is not kept, so 100k connections do not carry a boxed copy
// each; ls -m keeps every socket's.
TEST(CollectFromNetlink, ConnectionMemoryIsKeptOnlyWhenAskedFor) {
  auto script = [] {
    return FakeScript{0,
                      {Datagram({TcpWithMemory(10, 1, 3), TcpWithMemory(1, 2, 0),
                                 TcpWithMemory(8, 3, 0), DoneMessage()})}};
  };
  collect::NetlinkSourceOptions o = TcpOnly();
  o.inet6 = false;
  o.memory = true;
  o.tcp_connection_memory = false;
  FakeNetlinkOpener listeners_only({script()});
  auto r = collect::CollectFromNetlink(listeners_only, o, base::Deadline::After(1s), 1);
  ASSERT_EQ(r.sockets.size(), 3u);
  ASSERT_TRUE(r.sockets[0].IsListener());
  ASSERT_TRUE(r.sockets[0].mem);
  EXPECT_EQ(r.sockets[0].mem->drops, 3u);
  EXPECT_FALSE(r.sockets[1].mem) << "ESTABLISHED";
  EXPECT_FALSE(r.sockets[2].mem) << "CLOSE-WAIT";

  o.tcp_connection_memory = true;
  FakeNetlinkOpener every({script()});
  auto all = collect::CollectFromNetlink(every, o, base::Deadline::After(1s), 1);
  ASSERT_EQ(all.sockets.size(), 3u);
  for (const auto& s : all.sockets) EXPECT_TRUE(s.mem);
}

// Appended to the caller's vector (reserved once for every table): a dump
// that fails takes back only its own sockets.
TEST(CollectFromNetlink, AppendsToTheCallersVectorAndAFailedDumpTakesBackOnlyItsOwn) {
  FakeScript truncated{0, {Datagram({TcpSocketMessage(0)}), Truncated()}};
  FakeNetlinkOpener opener({Clean(7, 2), truncated});
  std::vector<model::Socket> sockets(1);
  sockets[0].inode = 42;
  collect::NetlinkSourceOptions o = TcpOnly();
  o.append_to = &sockets;
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(1s), 1);
  EXPECT_TRUE(r.sockets.empty());
  EXPECT_EQ(r.dumps_ok, 1);
  EXPECT_EQ(r.dumps_failed, 1);
  std::vector<uint64_t> inodes;
  for (const auto& s : sockets) inodes.push_back(s.inode);
  EXPECT_EQ(inodes, (std::vector<uint64_t>{42, 1007, 1008}));
}

TEST(CollectFromNetlink, DumpThatStopsMidwayPublishesNothingOfIt) {
  // The inet dump delivers 3 sockets, then the kernel goes silent.
  FakeScript stalls{
      0, {Datagram({TcpSocketMessage(0), TcpSocketMessage(1), TcpSocketMessage(2)}), Silence()}};
  FakeNetlinkOpener opener({Clean(100, 2), stalls});
  auto start = base::Clock::now();
  auto r = collect::CollectFromNetlink(opener, TcpOnly(), base::Deadline::After(150ms), 1);
  EXPECT_LT(base::Clock::now() - start, 150ms + 300ms);
  EXPECT_EQ(InodesOf(r), (std::vector<uint64_t>{1100, 1101}));  // only the complete dump
  EXPECT_EQ(r.dumps_ok, 1);
  EXPECT_EQ(r.dumps_failed, 1);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].level, model::NoteLevel::kError);
  EXPECT_THAT(r.notes[0].message, HasSubstr("sock_diag tcp/inet6"));
  EXPECT_THAT(r.notes[0].message, HasSubstr("deadline"));
}

TEST(CollectFromNetlink, FailedDumpLeavesTheOthersIntact) {
  FakeScript truncated{0, {Datagram({TcpSocketMessage(0)}), Truncated()}};
  FakeNetlinkOpener opener({truncated, truncated, Clean(7, 1)});
  auto r = collect::CollectFromNetlink(opener, TcpOnly(), base::Deadline::After(1s), 1);
  EXPECT_EQ(InodesOf(r), (std::vector<uint64_t>{1007}));
  EXPECT_EQ(r.dumps_failed, 1);
  EXPECT_EQ(r.dumps_ok, 1);
}

TEST(CollectFromNetlink, MissingDiagModuleIsUnsupportedNotFailed) {
  collect::NetlinkSourceOptions o;
  o.tcp = false;
  o.udp = true;
  o.inet6 = false;
  FakeNetlinkOpener opener({{0, {Datagram({ErrorMessage(-ENOENT)})}}});
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(1s), 1);
  EXPECT_EQ(r.dumps_unsupported, 1);
  EXPECT_EQ(r.dumps_failed, 0);
  EXPECT_TRUE(r.sockets.empty());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].level, model::NoteLevel::kWarning);
  EXPECT_THAT(r.notes[0].message, HasSubstr("not supported"));
}

TEST(CollectFromNetlink, PermissionDeniedIsFlagged) {
  collect::NetlinkSourceOptions o = TcpOnly();
  o.inet6 = false;
  FakeNetlinkOpener opener({{0, {Datagram({ErrorMessage(-EACCES)})}}});
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(1s), 1);
  EXPECT_TRUE(r.permission_denied);
  EXPECT_EQ(r.dumps_failed, 1);
}

TEST(CollectFromNetlink, InterruptedOnceKeepsTheCleanCopyAndSaysSo) {
  FakeScript intr{0,
                  {Datagram({TcpSocketMessage(0), TcpSocketMessage(1)}),
                   Datagram({DoneMessage().WithFlags(NLM_F_MULTI | NLM_F_DUMP_INTR)})}};
  collect::NetlinkSourceOptions o = TcpOnly();
  o.inet6 = false;
  FakeNetlinkOpener opener({intr, Clean(0, 2)});
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(1s), 1);
  EXPECT_EQ(InodesOf(r), (std::vector<uint64_t>{1000, 1001}));  // no duplicates
  EXPECT_EQ(r.dumps_ok, 1);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].level, model::NoteLevel::kInfo);
  EXPECT_THAT(r.notes[0].message, HasSubstr("NLM_F_DUMP_INTR"));
}

TEST(CollectFromNetlink, AlwaysInterruptedIsAFailureWithoutData) {
  FakeScript intr{
      0, {Datagram({TcpSocketMessage(0).WithFlags(NLM_F_MULTI | NLM_F_DUMP_INTR), DoneMessage()})}};
  collect::NetlinkSourceOptions o = TcpOnly();
  o.inet6 = false;
  FakeNetlinkOpener opener({intr}, /*repeat_last=*/true);
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(1s), 1);
  EXPECT_TRUE(r.sockets.empty());
  EXPECT_EQ(r.dumps_failed, 1);
  EXPECT_EQ(opener.opened(), 1 + o.limits.interrupted_retries);
}

TEST(CollectFromNetlink, MalformedMessagePublishesNothingOfThatDump) {
  collect::NetlinkSourceOptions o = TcpOnly();
  o.inet6 = false;
  FakeNetlinkOpener opener({{0, {Datagram({TcpSocketMessage(0), DataMessage({1, 2, 3})})}}});
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(1s), 1);
  EXPECT_TRUE(r.sockets.empty());
  EXPECT_EQ(r.dumps_failed, 1);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_THAT(r.notes[0].message, HasSubstr("inet_diag message of 3 bytes"));
}

TEST(CollectFromNetlink, UnixDumpUsesTheUnixDecoder) {
  collect::NetlinkSourceOptions o;
  o.tcp = false;
  o.unix_sockets = true;
  auto payload = UnixDiagPayload({.type = SOCK_STREAM, .state = 10, .inode = 55, .cookie = 1});
  AppendUnixName(payload, std::string("\0abstract", 9));
  FakeNetlinkOpener opener({{0, {Datagram({DataMessage(payload), DoneMessage()})}}});
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(1s), 1);
  ASSERT_EQ(r.sockets.size(), 1u);
  EXPECT_EQ(r.sockets[0].unix_path, "@abstract");
  EXPECT_EQ(r.sockets[0].inode, 55u);
}

// Every dump shares one deadline: a stalled first dump leaves the next ones
// no time, and the whole collection still ends on time.
TEST(CollectFromNetlink, AllDumpsTogetherRespectOneDeadline) {
  collect::NetlinkSourceOptions o;
  o.tcp = o.udp = o.unix_sockets = true;
  FakeNetlinkOpener opener({{0, {Silence()}}}, /*repeat_last=*/true);
  auto start = base::Clock::now();
  auto r = collect::CollectFromNetlink(opener, o, base::Deadline::After(100ms), 1);
  EXPECT_LT(base::Clock::now() - start, 100ms + 300ms);
  EXPECT_EQ(r.dumps_failed, 5);
  EXPECT_TRUE(r.sockets.empty());
}

}  // namespace
}  // namespace sockscope::testing
