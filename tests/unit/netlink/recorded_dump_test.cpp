// Recorded real dumps (tests/fixtures/netlink/*.bin): replayed through
// RunDump and the decoders without root, and re-recorded on demand.
//
// The live test builds a known set of sockets in a private network namespace,
// dumps it, and checks the counts. With SOCKSCOPE_RECORD_NETLINK_FIXTURES=DIR
// in the environment it also writes the reply datagrams to DIR/<name>.bin
// (see tests/fixtures/netlink/README.md).
#include <fmt/format.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

#include "fakes/fake_netlink.h"
#include "netlink/dump.h"
#include "netlink/inet_diag.h"
#include "netlink/unix_diag.h"
#include "unit/netlink/real_support.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using model::Proto;

struct FixtureDump {
  const char* name;
  Proto proto;
  model::Family family;
  size_t sockets;  // as made by MakeFixtureSockets()
};

constexpr FixtureDump kDumps[] = {
    {"tcp4", Proto::kTcp, model::Family::kInet, 3},
    {"tcp6", Proto::kTcp, model::Family::kInet6, 3},
    {"udp4", Proto::kUdp, model::Family::kInet, 2},
    {"udp6", Proto::kUdp, model::Family::kInet6, 1},
    {"unix", Proto::kUnix, model::Family::kUnix, 4},
};

netlink::DumpRequest RequestFor(const FixtureDump& d) {
  netlink::DumpRequest r;
  r.message_type = SOCK_DIAG_BY_FAMILY;
  r.what = d.name;
  if (d.proto == Proto::kUnix) {
    r.payload = netlink::BuildUnixDiagRequest({model::kAllStates, true});
  } else {
    netlink::InetDiagQuery q;
    q.proto = d.proto;
    q.family = d.family;
    q.want_info = q.want_congestion = d.proto == Proto::kTcp;
    q.want_memory = true;
    r.payload = netlink::BuildInetDiagRequest(q);
  }
  return r;
}

struct Decoded {
  base::Result<netlink::DumpStats> result = base::MakeError(base::ErrorKind::kIo, "not run");
  std::vector<model::Socket> sockets;
};

Decoded Dump(sys::NetlinkOpener& opener, const FixtureDump& d) {
  Decoded out;
  auto on_message = [&](const nlmsghdr&, std::span<const uint8_t> payload) -> base::Result<void> {
    model::Socket s;
    auto ok = d.proto == Proto::kUnix ? netlink::DecodeUnixDiag(payload, s)
                                      : netlink::DecodeInetDiag(payload, d.proto, s);
    if (!ok) return ok.error();
    out.sockets.push_back(std::move(s));
    return {};
  };
  out.result = netlink::RunDump(opener, RequestFor(d), base::Deadline::After(2s), {}, on_message,
                                [&] { out.sockets.clear(); });
  return out;
}

// Per family: a listener with one unaccepted connection holding 5 unread
// bytes (3 TCP sockets); UDP bound and connected; UNIX abstract stream
// listener, abstract datagram socket and a socketpair.
std::vector<base::UniqueFd> MakeFixtureSockets() {
  std::vector<base::UniqueFd> fds;
  for (int family : {AF_INET, AF_INET6}) {
    auto listener = Listener(family);
    auto client = ConnectTo(family, SOCK_STREAM, BoundPort(listener));
    if (::send(client.get(), "hello", 5, 0) != 5) throw std::runtime_error(ErrnoText("send"));
    fds.push_back(std::move(listener));
    fds.push_back(std::move(client));
  }
  auto bound4 = BoundUdp(AF_INET);
  fds.push_back(ConnectTo(AF_INET, SOCK_DGRAM, BoundPort(bound4)));
  fds.push_back(std::move(bound4));
  fds.push_back(BoundUdp(AF_INET6));
  fds.push_back(AbstractUnix(SOCK_STREAM, "sockscope-fixture"));
  fds.push_back(AbstractUnix(SOCK_DGRAM, "sockscope-fixture-dgram"));
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw std::runtime_error(ErrnoText("socketpair"));
  fds.emplace_back(pair[0]);
  fds.emplace_back(pair[1]);
  return fds;
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(RecordedDumps, LiveDumpsMatchTheSocketsCreated) {
  PrivateNetns netns;
  if (!netns.ok()) GTEST_SKIP() << "private network namespace: " << netns.error();
  auto fds = MakeFixtureSockets();
  const char* record_dir = std::getenv("SOCKSCOPE_RECORD_NETLINK_FIXTURES");
  for (const auto& d : kDumps) {
    RecordingNetlinkOpener opener(sys::RealNetlinkOpener());
    auto dumped = Dump(opener, d);
    ASSERT_TRUE(dumped.result) << d.name << ": " << dumped.result.error().message;
    EXPECT_EQ(dumped.sockets.size(), d.sockets) << d.name;
    if (record_dir != nullptr) {
      auto bytes = EncodeRecording(opener.last_datagrams());
      std::ofstream out(std::string(record_dir) + "/" + d.name + ".bin", std::ios::binary);
      out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<long>(bytes.size()));
      ASSERT_TRUE(out.good()) << "writing " << d.name;
    }
  }
}

TEST(RecordedDumps, ReplayDecodesEveryMessage) {
  std::map<std::string, std::vector<model::Socket>> by_name;
  for (const auto& d : kDumps) {
    auto bytes = ReadFile(fmt::format("{}/netlink/{}.bin", SOCKSCOPE_FIXTURES, d.name));
    ASSERT_FALSE(bytes.empty()) << "missing fixture " << d.name;
    auto datagrams = DecodeRecording(bytes);
    FakeNetlinkOpener opener({ReplayScript(datagrams)});
    auto replayed = Dump(opener, d);
    ASSERT_TRUE(replayed.result) << d.name << ": " << replayed.result.error().message;
    EXPECT_EQ(replayed.sockets.size(), d.sockets) << d.name;
    EXPECT_EQ(replayed.result->foreign_messages, 0u) << d.name;
    by_name[d.name] = replayed.sockets;
  }
  // Spot checks of what the recorder made.
  size_t listeners = 0, with_info = 0;
  for (const auto& s : by_name["tcp4"]) {
    EXPECT_EQ(s.local.addr.ToString(), "127.0.0.1");
    if (s.IsListener()) {
      ++listeners;
      EXPECT_EQ(s.recv_q, 1u);  // the one unaccepted connection
    }
    if (s.tcp_info) ++with_info;
    EXPECT_FALSE(s.congestion.empty());
    EXPECT_TRUE(s.mem);
  }
  EXPECT_EQ(listeners, 1u);
  EXPECT_EQ(with_info, 3u);
  for (const auto& s : by_name["tcp6"]) EXPECT_EQ(s.local.addr.ToString(), "::1");
  std::vector<std::string> names;
  for (const auto& s : by_name["unix"]) names.emplace_back(s.unix_path);
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("@sockscope-fixture",
                                                     "@sockscope-fixture-dgram", "", ""));
}

}  // namespace
}  // namespace sockscope::testing
