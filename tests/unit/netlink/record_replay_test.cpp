// sys::MakeRecordingNetlinkOpener / MakeReplayNetlinkOpener through the real
// dump loop: what a replay hands the decoders is byte for byte what the
// recorded run received.
#include <linux/sock_diag.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fakes/fake_netlink.h"
#include "fakes/memory_record_writer.h"
#include "netlink/dump.h"
#include "netlink/inet_diag.h"
#include "sys/netlink_record.h"
#include "unit/netlink/dump_support.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

struct Seen {
  base::Result<netlink::DumpStats> result = base::MakeError(base::ErrorKind::kIo, "not run");
  std::vector<std::vector<uint8_t>> payloads;
  std::vector<uint16_t> types;
};

netlink::DumpRequest TcpRequest(model::Family family = model::Family::kInet) {
  netlink::DumpRequest request;
  request.message_type = SOCK_DIAG_BY_FAMILY;
  netlink::InetDiagQuery query;
  query.family = family;
  request.payload = netlink::BuildInetDiagRequest(query);
  request.what = "sock_diag tcp";
  return request;
}

Seen Dump(sys::NetlinkOpener& opener, const netlink::DumpRequest& request) {
  Seen seen;
  seen.result = netlink::RunDump(
      opener, request, base::Deadline::After(2s), {},
      [&](const nlmsghdr& h, std::span<const uint8_t> payload) -> base::Result<void> {
        seen.types.push_back(h.nlmsg_type);
        seen.payloads.emplace_back(payload.begin(), payload.end());
        return {};
      },
      [&] {
        seen.payloads.clear();
        seen.types.clear();
      });
  return seen;
}

TEST(NetlinkRecordReplay, ReplayHandsOverTheRecordedBytes) {
  FakeNetlinkOpener fake({{0, {Datagram(TcpMessages(0, 3)), Datagram({DoneMessage()})}}});
  MemoryRecordWriter out;
  auto recorder = sys::MakeRecordingNetlinkOpener(fake, out);
  Seen live = Dump(*recorder, TcpRequest());
  ASSERT_TRUE(live.result) << live.result.error().message;
  ASSERT_EQ(live.payloads.size(), 3u);

  auto replay = sys::MakeReplayNetlinkOpener(out.file());
  ASSERT_TRUE(replay) << replay.error().message;
  Seen again = Dump(**replay, TcpRequest());  // a new sequence number
  ASSERT_TRUE(again.result) << again.result.error().message;
  EXPECT_EQ(again.payloads, live.payloads);
  EXPECT_EQ(again.types, live.types);
}

// check samples twice: the second dump with the same request gets the
// second recorded answer, and a third gets the last one again.
TEST(NetlinkRecordReplay, RepeatedRequestsGetTheirAnswersInOrder) {
  FakeNetlinkOpener fake({{0, {Datagram(TcpMessages(0, 1)), Datagram({DoneMessage()})}},
                          {0, {Datagram(TcpMessages(5, 2)), Datagram({DoneMessage()})}}});
  MemoryRecordWriter out;
  auto recorder = sys::MakeRecordingNetlinkOpener(fake, out);
  Seen first = Dump(*recorder, TcpRequest());
  Seen second = Dump(*recorder, TcpRequest());
  ASSERT_TRUE(first.result && second.result);

  auto replay = sys::MakeReplayNetlinkOpener(out.file());
  ASSERT_TRUE(replay);
  EXPECT_EQ(Dump(**replay, TcpRequest()).payloads, first.payloads);
  EXPECT_EQ(Dump(**replay, TcpRequest()).payloads, second.payloads);
  EXPECT_EQ(Dump(**replay, TcpRequest()).payloads, second.payloads);
}

TEST(NetlinkRecordReplay, ARequestNeverRecordedIsAClearError) {
  FakeNetlinkOpener fake({{0, {Datagram(TcpMessages(0, 1)), Datagram({DoneMessage()})}}});
  MemoryRecordWriter out;
  auto recorder = sys::MakeRecordingNetlinkOpener(fake, out);
  ASSERT_TRUE(Dump(*recorder, TcpRequest()).result);
  auto replay = sys::MakeReplayNetlinkOpener(out.file());
  ASSERT_TRUE(replay);
  Seen other = Dump(**replay, TcpRequest(model::Family::kInet6));  //: not recorded
  ASSERT_FALSE(other.result);
  EXPECT_EQ(other.result.error().kind, base::ErrorKind::kUnsupported);
  EXPECT_THAT(other.result.error().message, HasSubstr("not in the recording"));
  auto socket = (*replay)->Open(NETLINK_ROUTE, 0);
  ASSERT_FALSE(socket);
  EXPECT_THAT(socket.error().message, HasSubstr("not in the recording"));
}

// What went wrong while recording comes back the same: here the first attempt
// lost datagrams (ENOBUFS) and the dump loop retried on a fresh socket.
TEST(NetlinkRecordReplay, ErrorsAndRetriesAreReplayed) {
  FakeNetlinkOpener fake({{0, {Datagram(TcpMessages(0, 1)), Errno(ENOBUFS)}},
                          {0, {Datagram(TcpMessages(0, 2)), Datagram({DoneMessage()})}}});
  MemoryRecordWriter out;
  auto recorder = sys::MakeRecordingNetlinkOpener(fake, out);
  Seen live = Dump(*recorder, TcpRequest());
  ASSERT_TRUE(live.result);
  ASSERT_EQ(live.result->attempts, 2);
  auto replay = sys::MakeReplayNetlinkOpener(out.file());
  ASSERT_TRUE(replay);
  Seen again = Dump(**replay, TcpRequest());
  ASSERT_TRUE(again.result) << again.result.error().message;
  EXPECT_EQ(again.result->attempts, 2);
  EXPECT_EQ(again.payloads, live.payloads);
}

TEST(NetlinkRecordReplay, TruncatedOrCorruptRecordingsAreClearErrors) {
  FakeNetlinkOpener fake({{0, {Datagram(TcpMessages(0, 2)), Datagram({DoneMessage()})}}});
  MemoryRecordWriter out;
  auto recorder = sys::MakeRecordingNetlinkOpener(fake, out);
  ASSERT_TRUE(Dump(*recorder, TcpRequest()).result);
  const std::string file = out.file();
  for (size_t n = 0; n < file.size(); ++n) {
    auto replay = sys::MakeReplayNetlinkOpener(std::string_view(file).substr(0, n));
    if (!replay) {
      EXPECT_EQ(replay.error().kind, base::ErrorKind::kMalformed) << n;
      continue;
    }
    Seen s = Dump(**replay, TcpRequest());  // a cut conversation fails, never crashes
    if (!s.result) {
      EXPECT_FALSE(s.result.error().message.empty());
    }
  }
  for (size_t i = 0; i < file.size(); i += 7) {
    std::string corrupt = file;
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
    auto replay = sys::MakeReplayNetlinkOpener(corrupt);
    if (replay) (void)Dump(**replay, TcpRequest());
  }
}

}  // namespace
}  // namespace sockscope::testing
