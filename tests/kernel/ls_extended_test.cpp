// `-e` (uid, inode, cookie), `-i` (tcp_info) and `-m` (socket memory) in
// `sockscope ls -o json`, checked against what the kernel tells the socket's
// owner through fstat and getsockopt.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "netns_support.h"
#include "scenario_support.h"

namespace sockscope::testing {
namespace {

using LsExtended = NetnsTest;

// The cookie is "0x..." in the contract; a plain number is accepted too.
uint64_t CookieOf(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_string()) return std::stoull(value.get<std::string>(), nullptr, 0);
  return 0;
}

// The one socket with this local port and state, or a null value.
nlohmann::json Find(const nlohmann::json& doc, uint16_t local_port, const std::string& state) {
  nlohmann::json found;
  for (const nlohmann::json& socket : SocketsWithLocalPort(doc, local_port)) {
    if (socket.value("state", "") == state) found = socket;
  }
  return found;
}

TEST_F(LsExtended, UidInodeAndCookieAreTheSocketsOwn) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, 8);
  TcpPair pair = TcpEstablished(listener, "127.0.0.1");
  nlohmann::json doc = LsJson({"ls", "-tane", "-o", "json"});
  ASSERT_FALSE(doc.is_discarded());
  const std::pair<const UniqueFd*, const char*> expected[] = {{&listener, "LISTEN"},
                                                              {&pair.client, "ESTABLISHED"}};
  for (auto [fd, state] : expected) {
    nlohmann::json socket = Find(doc, LocalPort(*fd), state);
    ASSERT_TRUE(socket.is_object()) << state << " not found in " << doc.dump(1);
    EXPECT_EQ(socket.value("uid", -1L), static_cast<long>(geteuid())) << socket.dump();
    EXPECT_EQ(socket.value("inode", 0UL), SocketInode(*fd)) << socket.dump();
    EXPECT_EQ(CookieOf(socket.value("cookie", nlohmann::json())), SocketCookie(*fd))
        << socket.dump();
  }
}

TEST_F(LsExtended, TcpInfoOfEstablishedMatchesTheKernels) {
  UniqueFd listener = TcpListen("::1", 0, 8);
  TcpPair pair = TcpEstablished(listener, "::1");
  // Some data both ways gives RTT samples; then nothing is in flight, so
  // rtt and cwnd stay put while ls reads them.
  FillReceiveQueue(pair, 4000);
  TcpPair reverse{std::move(pair.server), std::move(pair.client)};
  FillReceiveQueue(reverse, 4000);
  tcp_info kernel = TcpInfo(reverse.server);  // the original client end

  nlohmann::json doc = LsJson({"ls", "-tani", "-o", "json"});
  ASSERT_FALSE(doc.is_discarded());
  nlohmann::json client = Find(doc, LocalPort(reverse.server), "ESTABLISHED");
  ASSERT_TRUE(client.is_object()) << doc.dump(1);
  ASSERT_TRUE(client.contains("tcp_info") && client["tcp_info"].is_object()) << client.dump();
  const nlohmann::json& info = client["tcp_info"];
  EXPECT_GT(info.value("rtt_us", 0U), 0U) << info.dump();
  EXPECT_EQ(info.value("rtt_us", 0U), kernel.tcpi_rtt) << info.dump();
  EXPECT_EQ(info.value("cwnd", 0U), kernel.tcpi_snd_cwnd) << info.dump();
  EXPECT_EQ(info.value("total_retrans", 1U), kernel.tcpi_total_retrans) << info.dump();
  for (const nlohmann::json& socket : doc["sockets"]) {
    if (socket.value("state", "") == "ESTABLISHED") {
      EXPECT_TRUE(socket.contains("tcp_info") && socket["tcp_info"].contains("rtt_us"))
          << socket.dump();
    }
  }
}

// cli.md does not name the -m field; it is found as the object -m adds.
TEST_F(LsExtended, MemoryHoldsTheSocketsBuffers) {
  UniqueFd listener = TcpListen("127.0.0.1", 0, 8);
  TcpPair pair = TcpEstablished(listener, "127.0.0.1");
  FillReceiveQueue(pair, 1000);
  nlohmann::json plain = LsJson({"ls", "-tan", "-o", "json"});
  nlohmann::json with_memory = LsJson({"ls", "-tanm", "-o", "json"});
  nlohmann::json before = Find(plain, LocalPort(listener), "ESTABLISHED");
  nlohmann::json after = Find(with_memory, LocalPort(listener), "ESTABLISHED");
  ASSERT_TRUE(before.is_object() && after.is_object()) << with_memory.dump(1);

  nlohmann::json memory;
  for (const auto& [key, value] : after.items()) {
    if (!before.contains(key) && value.is_object()) memory = value;
  }
  ASSERT_TRUE(memory.is_object()) << "no object added by -m: " << after.dump();
  std::vector<uint64_t> values;
  for (const auto& [key, value] : memory.items()) {
    if (value.is_number_unsigned()) values.push_back(value.get<uint64_t>());
  }
  using ::testing::Contains;
  EXPECT_THAT(values, Contains(IntOption(pair.server, SOL_SOCKET, SO_RCVBUF))) << memory.dump();
  EXPECT_THAT(values, Contains(IntOption(pair.server, SOL_SOCKET, SO_SNDBUF))) << memory.dump();
  // The 1000 unread bytes are charged to the receive memory (with overhead).
  EXPECT_THAT(values, Contains(::testing::Ge(1000U))) << memory.dump();
}

}  // namespace
}  // namespace sockscope::testing
