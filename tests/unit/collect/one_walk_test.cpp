// TCP of both families from one sock_diag dump (CollectOptions::
// tcp_one_walk, the kernel's TCPDIAG_GETSOCK request): one walk of the
// socket hash instead of one per family; the sources are those of the two
// tables; a dump the kernel (or a recording) refuses leaves them to one
// dump per family, quietly, since nothing is missing then.
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "collect/collector.h"
#include "fakes/fake_netlink.h"
#include "fakes/fake_proc_fs.h"

namespace sockscope::collect {
namespace {

using namespace std::chrono_literals;
using fakes::FakeProcFs;
using model::SourceStatus;
using testing::Datagram;
using testing::DataMessage;
using testing::DoneMessage;
using testing::ErrorMessage;
using testing::FakeMessage;
using testing::FakeNetlinkOpener;
using testing::InetDiagPayload;
using testing::InetDiagSpec;
using testing::TcpSocketMessage;

FakeMessage Socket(uint8_t family, uint16_t port, uint64_t cookie, uint16_t type, uint8_t state = 1,
                   bool memory = false) {
  InetDiagSpec spec;
  spec.state = state;
  spec.family = family;
  spec.local = family == AF_INET6 ? "::1" : "127.0.0.1";
  spec.peer = family == AF_INET6 ? "::1" : "127.0.0.1";
  spec.local_port = port;
  spec.peer_port = 80;
  spec.cookie = cookie;
  spec.inode = static_cast<uint32_t>(cookie);
  std::vector<uint8_t> payload = InetDiagPayload(spec);
  if (memory) {
    const uint32_t values[SK_MEMINFO_VARS] = {0, 4096, 0, 8192, 0, 0, 0, 0, 7};  // 7 drops
    testing::AppendMemInfo(payload, INET_DIAG_SKMEMINFO, values);
  }
  FakeMessage m = DataMessage(std::move(payload));
  m.type = type;
  return m;
}

// The struct inet_diag_req of a one-walk request.
inet_diag_req OneWalkRequest(const std::vector<uint8_t>& request) {
  inet_diag_req req{};
  if (request.size() >= NLMSG_HDRLEN + sizeof req)
    std::memcpy(&req, request.data() + NLMSG_HDRLEN, sizeof req);
  return req;
}

uint16_t MessageType(const std::vector<uint8_t>& request) {
  nlmsghdr h{};
  if (request.size() >= sizeof h) std::memcpy(&h, request.data(), sizeof h);
  return h.nlmsg_type;
}

const model::SourceState* SourceOf(const model::Snapshot& snap, const std::string& name) {
  for (const auto& s : snap.sources)
    if (s.source == name) return &s;
  return nullptr;
}

size_t LoudNotes(const model::Snapshot& snap) {
  size_t n = 0;
  for (const auto& note : snap.notes) n += note.level != model::NoteLevel::kInfo;
  return n;
}

struct World {
  FakeProcFs proc;
  World() { proc.SetNetnsLink("net:[4026531840]"); }
};

CollectOptions OneWalk() {
  CollectOptions o;
  o.timeout = 2s;
  o.tcp_one_walk = true;
  return o;
}

TEST(Collect, TcpOfBothFamiliesComesFromOneDumpWhenAsked) {
  World w;
  FakeNetlinkOpener opener(
      {{0,
        {Datagram({Socket(AF_INET, 1000, 11, TCPDIAG_GETSOCK),
                   Socket(AF_INET6, 1001, 12, TCPDIAG_GETSOCK),
                   Socket(AF_INET, 1002, 13, TCPDIAG_GETSOCK), DoneMessage()})}}});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, OneWalk());
  ASSERT_EQ(opener.opened(), 1) << "one dump for both families";
  ASSERT_EQ(opener.log(0).requests.size(), 1u);
  EXPECT_EQ(MessageType(opener.log(0).requests[0]), TCPDIAG_GETSOCK);
  ASSERT_EQ(snap.sockets.size(), 3u);
  size_t v6 = 0;
  for (const auto& s : snap.sockets) v6 += s.family == model::Family::kInet6;
  EXPECT_EQ(v6, 1u);
  for (const char* table : {"tcp/inet", "tcp/inet6"}) {
    const auto* source = SourceOf(snap, table);
    ASSERT_NE(source, nullptr) << table;
    EXPECT_EQ(source->status, SourceStatus::kOk) << table;
    EXPECT_EQ(source->via, "netlink") << table;
  }
  EXPECT_TRUE(snap.Complete());
  EXPECT_EQ(LoudNotes(snap), 0u);
}

TEST(Collect, ARefusedOneWalkDumpFallsBackToOneDumpPerFamilyQuietly) {
  World w;
  FakeNetlinkOpener opener(
      {{0, {Datagram({ErrorMessage(-EINVAL)})}},
       {0, {Datagram({TcpSocketMessage(0), TcpSocketMessage(1), DoneMessage()})}},
       {0, {Datagram({Socket(AF_INET6, 2000, 21, SOCK_DIAG_BY_FAMILY), DoneMessage()})}}});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, OneWalk());
  ASSERT_EQ(opener.opened(), 3);
  EXPECT_EQ(MessageType(opener.log(0).requests.at(0)), TCPDIAG_GETSOCK);
  EXPECT_EQ(MessageType(opener.log(1).requests.at(0)), SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(MessageType(opener.log(2).requests.at(0)), SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(snap.sockets.size(), 3u);
  ASSERT_NE(SourceOf(snap, "tcp/inet"), nullptr);
  ASSERT_NE(SourceOf(snap, "tcp/inet6"), nullptr);
  EXPECT_EQ(SourceOf(snap, "tcp/inet")->status, SourceStatus::kOk);
  EXPECT_EQ(SourceOf(snap, "tcp/inet6")->status, SourceStatus::kOk);
  EXPECT_EQ(snap.sources.size(), 2u) << "no source twice";
  EXPECT_TRUE(snap.Complete());
  EXPECT_EQ(LoudNotes(snap), 0u) << "the same data, another way: nothing to warn about";
}

constexpr uint8_t kListen = 10;  // TCP_LISTEN (include/net/tcp_states.h)

CollectOptions ListenerMemoryOnly() {
  CollectOptions o = OneWalk();
  o.memory = true;
  o.tcp_connection_memory = false;
  return o;
}

TEST(Collect, InOneWalkListenersMemoryComesFromADumpOfTheirOwn) {
  World w;
  FakeNetlinkOpener opener(
      {{0,
        {Datagram({Socket(AF_INET, 1000, 11, TCPDIAG_GETSOCK),
                   Socket(AF_INET6, 1001, 12, TCPDIAG_GETSOCK), DoneMessage()})}},
       {0, {Datagram({Socket(AF_INET, 80, 13, TCPDIAG_GETSOCK, kListen, true), DoneMessage()})}}});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, ListenerMemoryOnly());
  ASSERT_EQ(opener.opened(), 2);
  const inet_diag_req connections = OneWalkRequest(opener.log(0).requests.at(0));
  const inet_diag_req listeners = OneWalkRequest(opener.log(1).requests.at(0));
  EXPECT_EQ(connections.idiag_states & (1u << kListen), 0u);
  EXPECT_NE(connections.idiag_states, 0u);
  EXPECT_EQ(connections.idiag_ext, 0) << "no memory info for connections";
  EXPECT_EQ(listeners.idiag_states, 1u << kListen);
  EXPECT_EQ(listeners.idiag_ext, 1 << (INET_DIAG_SKMEMINFO - 1));
  ASSERT_EQ(snap.sockets.size(), 3u);
  for (const auto& s : snap.sockets) {
    EXPECT_EQ(s.mem.has_value(), s.IsListener()) << s.local.port;
    if (s.IsListener()) {
      EXPECT_EQ(s.mem->drops, 7u);
    }
  }
  EXPECT_TRUE(snap.Complete());
}

TEST(Collect, AFailedListenerDumpInOneWalkKeepsNothingOfTheAttempt) {
  World w;
  FakeNetlinkOpener opener(
      {{0,
        {Datagram({Socket(AF_INET, 1000, 11, TCPDIAG_GETSOCK),
                   Socket(AF_INET6, 1001, 12, TCPDIAG_GETSOCK), DoneMessage()})}},
       {0, {Datagram({ErrorMessage(-EINVAL)})}},
       {0, {Datagram({TcpSocketMessage(0), TcpSocketMessage(1), DoneMessage()})}},
       {0, {Datagram({DoneMessage()})}}});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, ListenerMemoryOnly());
  ASSERT_EQ(opener.opened(), 4);
  EXPECT_EQ(MessageType(opener.log(2).requests.at(0)), SOCK_DIAG_BY_FAMILY);
  // Only the tables' own dumps: the attempt's two sockets are not kept.
  ASSERT_EQ(snap.sockets.size(), 2u);
  for (const auto& s : snap.sockets) EXPECT_NE(s.cookie, 11u);
  EXPECT_TRUE(snap.Complete());
  EXPECT_EQ(LoudNotes(snap), 0u);
}

TEST(Collect, OneWalkIsNotUsedForOneFamily) {
  World w;
  CollectOptions v4_only = OneWalk();
  v4_only.selection.inet6 = false;
  FakeNetlinkOpener opener({{0, {Datagram({TcpSocketMessage(0), DoneMessage()})}}});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, v4_only);
  ASSERT_EQ(opener.opened(), 1);
  EXPECT_EQ(MessageType(opener.log(0).requests.at(0)), SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(snap.sockets.size(), 1u);
}

// A region (check's second look) is compiled per family: each family's
// dump carries its own filter, so the one walk is not taken.
TEST(Collect, OneWalkIsNotUsedForARegion) {
  World w;
  CollectOptions region = OneWalk();
  region.selection.tcp_region = std::make_shared<const model::SocketRegion>(
      std::vector<model::RegionTerm>{{4026531840, model::Family::kInet, uint16_t{1000}, {}},
                                     {4026531840, model::Family::kInet6, uint16_t{1001}, {}}});
  FakeNetlinkOpener opener(
      {{0, {Datagram({Socket(AF_INET, 1000, 11, SOCK_DIAG_BY_FAMILY), DoneMessage()})}},
       {0, {Datagram({Socket(AF_INET6, 1001, 12, SOCK_DIAG_BY_FAMILY), DoneMessage()})}}});
  Environment env{&opener, &w.proc};
  auto snap = Collect(env, region);
  ASSERT_EQ(opener.opened(), 2) << "one dump per family";
  EXPECT_EQ(MessageType(opener.log(0).requests.at(0)), SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(MessageType(opener.log(1).requests.at(0)), SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(snap.sockets.size(), 2u);
  EXPECT_TRUE(snap.Complete());
}

}  // namespace
}  // namespace sockscope::collect
