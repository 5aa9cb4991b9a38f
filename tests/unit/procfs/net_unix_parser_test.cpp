#include "procfs/net_unix_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <tuple>
#include <vector>

#include "fixture.h"

namespace sockscope::procfs {
namespace {

using model::SocketType;
using model::State;
using testing::ReadFixture;

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

// (netid, state, inode, path) from the recorded `ss -tuxan`: paths may hold
// spaces, so the path is every token between Send-Q and the last three.
using Row = std::tuple<std::string, std::string, uint64_t, std::string>;

std::vector<Row> SsRows() {
  std::istringstream in(ReadFixture("proc/basic.ss-tuxan.txt"));
  std::string line;
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::vector<std::string> t;
    for (std::string token; fields >> token;) t.push_back(token);
    if (t.size() < 8 || t[0].rfind("u_", 0) != 0) continue;
    std::string path;
    for (size_t i = 4; i + 3 < t.size(); ++i) path += (path.empty() ? "" : " ") + t[i];
    if (path == "*") path.clear();
    rows.emplace_back(t[0], t[1], std::stoull(t[t.size() - 3]), path);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(ParseProcNetUnix, RecordedFileMatchesSsOutputRecordedAtTheSameTime) {
  auto parsed = ParseProcNetUnix(ReadFixture("proc/basic/net/unix"));
  EXPECT_TRUE(parsed.issues.empty()) << parsed.issues.first;
  std::vector<Row> ours;
  for (const auto& s : parsed.sockets) {
    ours.emplace_back(std::string(model::NetidName(s.proto, s.socket_type)), SsState(s.state),
                      s.inode, s.unix_path);
  }
  std::sort(ours.begin(), ours.end());
  EXPECT_EQ(ours, SsRows());
  EXPECT_EQ(ours.size(), 9u);
}

TEST(ParseProcNetUnix, ListenerPathWithSpacesAndAbstractName) {
  auto parsed = ParseProcNetUnix(ReadFixture("proc/basic/net/unix"));
  int listeners = 0;
  for (const auto& s : parsed.sockets) {
    EXPECT_EQ(s.family, model::Family::kUnix);
    EXPECT_FALSE(s.send_q_known);
    if (s.state != State::kListen) continue;
    ++listeners;
    EXPECT_EQ(s.socket_type, SocketType::kStream);
    EXPECT_TRUE(s.unix_path == "/run/fixture app/srv with space.sock" ||
                s.unix_path == "@abstract-name@x")
        << s.unix_path;
  }
  EXPECT_EQ(listeners, 2);
}

TEST(ParseProcNetUnix, OddLines) {
  std::string text =
      "Num       RefCount Protocol Flags    Type St Inode Path\r\n"
      "0000000000000000: 00000002 00000000 00000000 0002 01 12345  leading space\r\n"
      "0000000000000000: 00000002 00000000 00000000 0005 02 12346\n"
      "0000000000000000: 00000002 00000000 00000000 0003 01 12347\n"  // raw: unknown type
      "0000000000000000: 00000002 00000000 00000000 0001 09 12348\n"  // state out of range
      "0000000000000000: 00000002 00000000 00000000 0001\n"           // short
      "0000000000000000: 0000000G 00000000 00000000 0001 01 1\n"      // non-hex
      "0000000000000000: 00000002 00000000 00000000 0001 01 -5\n"     // negative inode
      "0000000000000000: 00000002 00000000 00000000 0001 01 99999999999999999999\n"
      "\n";
  auto parsed = ParseProcNetUnix(text);
  ASSERT_EQ(parsed.sockets.size(), 2u);
  EXPECT_EQ(parsed.sockets[0].unix_path, " leading space");
  EXPECT_EQ(parsed.sockets[0].socket_type, SocketType::kDgram);
  EXPECT_EQ(parsed.sockets[0].state, State::kClose);
  EXPECT_EQ(parsed.sockets[1].socket_type, SocketType::kSeqpacket);
  EXPECT_EQ(parsed.sockets[1].state, State::kSynSent);
  EXPECT_TRUE(parsed.sockets[1].unix_path.empty());
  EXPECT_EQ(parsed.issues.skipped, 6u);
  EXPECT_EQ(parsed.issues.first, "line 4: unknown socket type");
}

TEST(ParseProcNetUnix, NewlineInPathSplitsIntoASkippedLine) {
  std::string text =
      "0000000000000000: 00000002 00000000 00010000 0001 01 777 /run/a\n"
      "b.sock\n";
  auto parsed = ParseProcNetUnix(text);
  ASSERT_EQ(parsed.sockets.size(), 1u);
  EXPECT_EQ(parsed.sockets[0].state, State::kListen);
  EXPECT_EQ(parsed.issues.skipped, 1u);
}

}  // namespace
}  // namespace sockscope::procfs
