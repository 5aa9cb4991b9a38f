// Issue 15: `ls -K` (ss -K) destroys exactly the sockets its filter matches,
// in a private namespace: two connections to :5000 go (their owners see
// ECONNABORTED), the one to :6000 stays; without a filter, or without
// CAP_NET_ADMIN, nothing is destroyed and the exit code says so.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cerrno>
#include <set>
#include <string>
#include <vector>

#include "netns_support.h"
#include "scenario_support.h"
#include "serve_support.h"

namespace sockscope::testing {
namespace {

using LsKill = NetnsTest;

struct Connections {
  UniqueFd listener_a = TcpListen("127.0.0.1", 5000, 8);
  UniqueFd listener_b = TcpListen("127.0.0.1", 6000, 8);
  TcpPair to_a1 = TcpEstablished(listener_a, "127.0.0.1");
  TcpPair to_a2 = TcpEstablished(listener_a, "127.0.0.1");
  TcpPair to_b = TcpEstablished(listener_b, "127.0.0.1");
};

// The local ports of established sockets whose peer port is `port`, from ss.
std::set<std::string> SsClientsOf(uint16_t port) {
  std::set<std::string> out;
  const std::string peer = "127.0.0.1:" + std::to_string(port);
  for (const SsRow& row : RowsOf(RunSs({"-tn", "-H"}), "ss"))
    if (row.peer == peer) out.insert(row.local);
  return out;
}

bool Aborted(const UniqueFd& fd) {
  char byte = 0;
  return ::recv(fd.get(), &byte, 1, MSG_DONTWAIT) < 0 && errno == ECONNABORTED;
}

TEST_F(LsKill, Issue15DestroysExactlyTheFilteredSockets) {
  Connections c;
  const std::set<std::string> before = SsClientsOf(5000);
  ASSERT_EQ(before.size(), 2u);
  ASSERT_EQ(SsClientsOf(6000).size(), 1u);
  CommandResult r = RunSockscope({"ls", "-K", "-tn", "-H", "dport", "=", ":5000"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  std::set<std::string> listed;
  for (const SsRow& row : RowsOf(r, "sockscope")) listed.insert(row.local);
  EXPECT_EQ(listed, before) << "prints what it destroyed";
  EXPECT_TRUE(SsClientsOf(5000).empty());
  EXPECT_EQ(SsClientsOf(6000).size(), 1u) << "the unmatched connection stays";
  EXPECT_TRUE(Aborted(c.to_a1.client));
  EXPECT_TRUE(Aborted(c.to_a2.client));
  EXPECT_FALSE(Aborted(c.to_b.client));
}

TEST_F(LsKill, Issue15RefusesWithoutAFilter) {
  Connections c;
  CommandResult r = RunSockscope({"ls", "-K", "-tn"});
  EXPECT_EQ(r.exit_code, 64) << r.Describe();
  EXPECT_THAT(r.err, ::testing::HasSubstr("refuses to run without one"));
  EXPECT_EQ(SsClientsOf(5000).size(), 2u);
  EXPECT_EQ(SsClientsOf(6000).size(), 1u);
}

TEST_F(LsKill, Issue15WithoutCapNetAdminNothingIsDestroyedAndTheExitSaysSo) {
  if (!OnPath("setpriv")) GTEST_SKIP() << "setpriv (util-linux) not on PATH";
  Connections c;
  CommandResult r = RunCommand({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                "--inh-caps=-all", "--bounding-set=-all", "--", SOCKSCOPE_BINARY,
                                "ls", "-K", "-tn", "dport", "=", ":5000"});
  EXPECT_EQ(r.exit_code, 3) << r.Describe();
  EXPECT_THAT(r.err, ::testing::HasSubstr("CAP_NET_ADMIN")) << r.Describe();
  EXPECT_EQ(SsClientsOf(5000).size(), 2u);
  EXPECT_FALSE(Aborted(c.to_a1.client));
}

}  // namespace
}  // namespace sockscope::testing
