#include "procfs/net_inet_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <tuple>
#include <vector>

#include "fixture.h"

namespace sockscope::procfs {
namespace {

using model::Family;
using model::State;
using testing::ReadFixture;

// ss prints wildcard addresses as "*", "0.0.0.0" or "[::]" depending on
// version and v6only; compare them all as "any".
std::string NormaliseSsEndpoint(std::string text) {
  size_t colon = text.rfind(':');
  std::string addr = text.substr(0, colon), port = text.substr(colon + 1);
  if (addr.size() > 1 && addr.front() == '[') addr = addr.substr(1, addr.size() - 2);
  if (addr == "*" || addr == "0.0.0.0" || addr == "::") addr = "any";
  if (port == "*") port = "0";
  return addr + ":" + port;
}

std::string Describe(const model::Endpoint& e) {
  std::string addr = e.addr.IsUnspecified() ? "any" : e.addr.ToString();
  return addr + ":" + std::to_string(e.port);
}

std::string SsState(State s) {
  switch (s) {
    case State::kEstablished:
      return "ESTAB";
    case State::kClose:
      return "UNCONN";
    default:
      return std::string(model::StateName(s));
  }
}

// (netid, state, recv-q, local, peer) rows of the recorded `ss -tuxan` output.
using Row = std::tuple<std::string, std::string, uint32_t, std::string, std::string>;

std::vector<Row> SsRows(const std::string& netid) {
  std::istringstream in(ReadFixture("proc/basic.ss-tuxan.txt"));
  std::string line;
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, state, local, peer;
    uint32_t recv_q = 0, send_q = 0;
    if (!(fields >> id >> state >> recv_q >> send_q >> local >> peer) || id != netid) continue;
    rows.emplace_back(id, state, recv_q, NormaliseSsEndpoint(local), NormaliseSsEndpoint(peer));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<Row> OurRows(const std::string& netid, const std::vector<model::Socket>& sockets) {
  std::vector<Row> rows;
  for (const auto& s : sockets) {
    rows.emplace_back(netid, SsState(s.state), s.recv_q, Describe(s.local), Describe(s.peer));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(ParseProcNetTcp, RecordedFilesMatchSsOutputRecordedAtTheSameTime) {
  auto v4 = ParseProcNetTcp(ReadFixture("proc/basic/net/tcp"), Family::kInet);
  auto v6 = ParseProcNetTcp(ReadFixture("proc/basic/net/tcp6"), Family::kInet6);
  EXPECT_TRUE(v4.issues.empty()) << v4.issues.first;
  EXPECT_TRUE(v6.issues.empty()) << v6.issues.first;
  EXPECT_EQ(v4.sockets.size(), 15u);
  EXPECT_EQ(v6.sockets.size(), 5u);
  auto all = v4.sockets;
  all.insert(all.end(), v6.sockets.begin(), v6.sockets.end());
  EXPECT_EQ(OurRows("tcp", all), SsRows("tcp"));
}

TEST(ParseProcNetUdp, RecordedFilesMatchSsOutputRecordedAtTheSameTime) {
  auto v4 = ParseProcNetUdp(ReadFixture("proc/basic/net/udp"), Family::kInet);
  auto v6 = ParseProcNetUdp(ReadFixture("proc/basic/net/udp6"), Family::kInet6);
  EXPECT_TRUE(v4.issues.empty()) << v4.issues.first;
  EXPECT_TRUE(v6.issues.empty()) << v6.issues.first;
  auto all = v4.sockets;
  all.insert(all.end(), v6.sockets.begin(), v6.sockets.end());
  EXPECT_EQ(OurRows("udp", all), SsRows("udp"));
  for (const auto& s : all) EXPECT_EQ(s.proto, model::Proto::kUdp);
}

TEST(ParseProcNetTcp, ListenerHasAcceptQueueLengthAndUnknownMax) {
  auto parsed = ParseProcNetTcp(ReadFixture("proc/basic/net/tcp"), Family::kInet);
  auto it = std::find_if(parsed.sockets.begin(), parsed.sockets.end(), [](const auto& s) {
    return s.state == State::kListen && s.local.port == 8080;
  });
  ASSERT_NE(it, parsed.sockets.end());
  EXPECT_EQ(it->local.addr.ToString(), "127.0.0.1");
  EXPECT_EQ(it->recv_q, 2u);  // two connections waiting to be accepted
  EXPECT_FALSE(it->send_q_known);
  EXPECT_EQ(it->inode, 286307u);
  EXPECT_EQ(it->uid, 0u);
}

TEST(ParseProcNetTcp, HalfOpenAndTimeWaitRowsHaveNoInode) {
  auto parsed = ParseProcNetTcp(ReadFixture("proc/basic/net/tcp"), Family::kInet);
  int syn_recv = 0, time_wait = 0;
  for (const auto& s : parsed.sockets) {
    if (s.state == State::kSynRecv) {
      ++syn_recv;
      EXPECT_EQ(s.inode, 0u);
      EXPECT_EQ(s.peer.addr.ToString(), "10.9.1.7");
      EXPECT_EQ(s.peer.port, 40000);
    }
    if (s.state == State::kTimeWait) {
      ++time_wait;
      EXPECT_EQ(s.inode, 0u);
    }
  }
  EXPECT_EQ(syn_recv, 1);
  EXPECT_EQ(time_wait, 1);
}

TEST(ParseProcNetTcp, Ipv6AndMappedAddresses) {
  auto parsed = ParseProcNetTcp(ReadFixture("proc/basic/net/tcp6"), Family::kInet6);
  ASSERT_EQ(parsed.sockets.size(), 5u);
  EXPECT_EQ(parsed.sockets[0].local.addr.ToString(), "::1");
  EXPECT_EQ(parsed.sockets[0].local.port, 8443);
  EXPECT_EQ(parsed.sockets[0].family, Family::kInet6);
  EXPECT_TRUE(parsed.sockets[1].local.addr.IsUnspecified());
  EXPECT_TRUE(parsed.sockets[3].local.addr.IsV4Mapped());
  EXPECT_EQ(parsed.sockets[3].local.addr.UnmappedV4().ToString(), "127.0.0.1");
}

// /proc has no IPV6_V6ONLY, but a listener bound to a specific IPv6 address
// is v6-only (the kernel sets it at bind); on "::" the option stays unknown,
// and a connection's is never guessed.
TEST(ParseProcNetTcp, V6onlyIsKnownOnlyWhereBindImpliesIt) {
  auto parsed = ParseProcNetTcp(ReadFixture("proc/basic/net/tcp6"), Family::kInet6);
  ASSERT_EQ(parsed.sockets.size(), 5u);
  EXPECT_TRUE(parsed.sockets[0].v6only_known);  // LISTEN on ::1
  EXPECT_TRUE(parsed.sockets[0].v6only);
  EXPECT_FALSE(parsed.sockets[1].v6only_known);  // LISTEN on ::
  for (size_t i = 2; i < 5; ++i) EXPECT_FALSE(parsed.sockets[i].v6only_known) << i;
}

TEST(ParseProcHexAddr, KernelByteOrder) {
  auto v4 = ParseProcHexAddr("0100007F", Family::kInet);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->ToString(), "127.0.0.1");
  auto v6 = ParseProcHexAddr("B80D0120000000000000000001000000", Family::kInet6);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->ToString(), "2001:db8::1");
  EXPECT_FALSE(ParseProcHexAddr("100007F", Family::kInet));    // 7 digits
  EXPECT_FALSE(ParseProcHexAddr("0100007G", Family::kInet));   // not hex
  EXPECT_FALSE(ParseProcHexAddr("0100007F", Family::kInet6));  // wrong width
  EXPECT_FALSE(ParseProcHexAddr("0100007F", Family::kUnix));
}

constexpr std::string_view kHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n";
constexpr std::string_view kGood =
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000002 00:00000000 00000000  1000        0 "
    "286307 3 0000000027ddc97f 100 0 0 10 0\n";

TEST(ParseProcNetTcp, SkipsAndCountsMalformedLines) {
  std::string text(kHeader);
  text += "   1: 0100007F:1F90 00000000:0000 0A\n";  // short
  text += "   2: 0100007Z:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n";
  text +=
      "   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 "
      "99999999999999999999999\n";  // inode over 64 bits
  text += "   4: 0100007F:1F90 00000000:0000 1F 00000000:00000000 00:00000000 00000000 0 0 1\n";
  text += "   5: 0100007F:11F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n";
  text += "   6: 0100007F:1F90 00000000:0000 0A 100000000:00000000 00:00000000 00000000 0 0 1\n";
  text += "   7: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 -1 0 1\n";
  text += "garbage\n";
  text += kGood;
  auto parsed = ParseProcNetTcp(text, Family::kInet);
  ASSERT_EQ(parsed.sockets.size(), 1u);
  EXPECT_EQ(parsed.sockets[0].uid, 1000u);
  EXPECT_EQ(parsed.issues.skipped, 8u);
  EXPECT_EQ(parsed.issues.first, "line 2: too few fields");
}

TEST(ParseProcNetTcp, ToleratesCrlfExtraColumnsAndNoHeader) {
  std::string line(kGood);
  line.insert(line.size() - 1, " extra columns here\r");
  auto parsed = ParseProcNetTcp(line, Family::kInet);
  ASSERT_EQ(parsed.sockets.size(), 1u);
  EXPECT_TRUE(parsed.issues.empty());
  EXPECT_EQ(parsed.sockets[0].inode, 286307u);
}

TEST(ParseProcNetTcp, EmptyAndHeaderOnlyGiveNothing) {
  EXPECT_TRUE(ParseProcNetTcp("", Family::kInet).sockets.empty());
  auto header_only = ParseProcNetTcp(kHeader, Family::kInet);
  EXPECT_TRUE(header_only.sockets.empty());
  EXPECT_TRUE(header_only.issues.empty());
}

TEST(ParseProcNetTcp, RowOfTheOtherFamilyIsSkipped) {
  auto parsed = ParseProcNetTcp(ReadFixture("proc/basic/net/tcp6"), Family::kInet);
  EXPECT_TRUE(parsed.sockets.empty());
  EXPECT_EQ(parsed.issues.skipped, 5u);
}

TEST(ParseProcNetTcp, HugeQueueValuesStayInRange) {
  std::string text =
      "   0: 0100007F:1F90 0100007F:0001 01 FFFFFFFF:FFFFFFFF 00:00000000 00000000 4294967295 0 "
      "18446744073709551615\n";
  auto parsed = ParseProcNetTcp(text, Family::kInet);
  ASSERT_EQ(parsed.sockets.size(), 1u);
  EXPECT_EQ(parsed.sockets[0].recv_q, 0xFFFFFFFFu);
  EXPECT_EQ(parsed.sockets[0].uid, 4294967295u);
  EXPECT_EQ(parsed.sockets[0].inode, 18446744073709551615ull);
}

}  // namespace
}  // namespace sockscope::procfs
