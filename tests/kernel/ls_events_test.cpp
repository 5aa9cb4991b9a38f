// Issue 15: `ls -E` (ss -E) prints the destroy events of connections made
// and closed during the test, filtered by the expression, and stops on
// SIGINT; as root and, since the kernel lets any user join sock_diag's
// destroy groups, as an unprivileged user with no capability.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <vector>

#include "command_support.h"
#include "netns_support.h"
#include "scenario_support.h"
#include "serve_support.h"

namespace sockscope::testing {
namespace {

using LsEvents = NetnsTest;

// Runs `prefix... sockscope ls -E ...` and checks what it prints.
void ExpectEventsOfOneConnection(std::vector<std::string> argv) {
  TempDir dir;
  const std::string log = dir.File("events.log");
  for (const char* arg :
       {SOCKSCOPE_BINARY, "ls", "-E", "-tn", "sport", "=", ":5100", "or", "dport", "=", ":5100"})
    argv.emplace_back(arg);
  BackgroundProcess watch(argv, log);
  ASSERT_TRUE(
      WaitUntil([&] { return ReadWholeFile(log).find("Local Address:Port") != std::string::npos; },
                Millis(5000)))
      << "the watch did not start: " << ReadWholeFile(log);
  uint16_t client_port = 0;
  {
    // Closed first, and filtered out: never printed.
    UniqueFd other = TcpListen("127.0.0.1", 5200, 4);
    TcpPair unwanted = TcpEstablished(other, "127.0.0.1");
  }
  {
    UniqueFd listener = TcpListen("127.0.0.1", 5100, 4);
    TcpPair pair = TcpEstablished(listener, "127.0.0.1");
    client_port = LocalPort(pair.client);
  }
  const std::string client = "127.0.0.1:" + std::to_string(client_port);
  ASSERT_TRUE(WaitUntil(
      [&] {
        const std::string text = ReadWholeFile(log);
        return text.find(client + " 127.0.0.1:5100") != std::string::npos &&
               text.find("127.0.0.1:5100 " + client) != std::string::npos;
      },
      Millis(5000)))
      << ReadWholeFile(log);
  // Whole addresses compared: an ephemeral port such as 52000 contains ":5200".
  for (const std::string& word : SplitWords(ReadWholeFile(log)))
    EXPECT_FALSE(word.size() >= 5 && word.compare(word.size() - 5, 5, ":5200") == 0)
        << ReadWholeFile(log);
  ASSERT_EQ(::kill(watch.pid(), SIGINT), 0);
  EXPECT_TRUE(WaitUntil([&] { return !watch.running(); }, Millis(3000)))
      << "the watch did not stop on SIGINT";
}

TEST_F(LsEvents, Issue15PrintsTheCloseOfConnectionsMadeDuringTheTest) {
  ExpectEventsOfOneConnection({});
}

TEST_F(LsEvents, Issue15NeedsNoCapability) {
  if (!OnPath("setpriv")) GTEST_SKIP() << "setpriv (util-linux) not on PATH";
  ExpectEventsOfOneConnection({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               "--inh-caps=-all", "--bounding-set=-all", "--"});
}

}  // namespace
}  // namespace sockscope::testing
