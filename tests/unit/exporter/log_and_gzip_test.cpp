// The exporter's log (rate-limited logfmt lines) and gzip for /metrics.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <thread>
#include <vector>

#include "exporter/gzip.h"
#include "exporter/log.h"

namespace sockscope::exporter {
namespace {

using namespace std::chrono_literals;

TEST(Log, RepeatsAreLimitedAndCounted) {
  std::vector<std::string> lines;
  Log log([&](const std::string& line) { lines.push_back(line); });
  for (int i = 0; i < 5; ++i)
    log.WarnLimited("failed:owners", 50ms, "collector failed", {{"collector", "owners"}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(" level=warn msg=\"collector failed\" collector=owners\n"),
            std::string::npos)
      << lines[0];
  EXPECT_EQ(lines[0].rfind("ts=", 0), 0u) << lines[0];
  // Another key is not held back by the first.
  log.WarnLimited("failed:proc", 50ms, "collector failed", {{"collector", "proc"}});
  ASSERT_EQ(lines.size(), 2u);
  // After the interval the next one is written with what was left out.
  std::this_thread::sleep_for(60ms);
  log.WarnLimited("failed:owners", 50ms, "collector failed", {{"collector", "owners"}});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[2].find("collector=owners suppressed=4\n"), std::string::npos) << lines[2];
}

TEST(Gzip, AcceptEncodingValues) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzipx"));
  EXPECT_FALSE(AcceptsGzip(""));
}

TEST(Gzip, RoundTripsThroughZlib) {
  std::string text;
  for (int i = 0; i < 2000; ++i)
    text += "sockscope_listener_accept_queue_length{netns=\"1\",port=\"" + std::to_string(i) +
            "\"} 0\n";
  auto packed = Gzip(text);
  ASSERT_TRUE(packed);
  EXPECT_LT(packed->size(), text.size() / 5);
  ASSERT_GE(packed->size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>((*packed)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*packed)[1]), 0x8b);
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::vector<unsigned char> buffer(text.size() + 16);
  z.next_in = reinterpret_cast<Bytef*>(packed->data());
  z.avail_in = static_cast<uInt>(packed->size());
  z.next_out = buffer.data();
  z.avail_out = static_cast<uInt>(buffer.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  const size_t got = buffer.size() - z.avail_out;
  inflateEnd(&z);
  const std::string back(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(got));
  EXPECT_EQ(back, text);
}

}  // namespace
}  // namespace sockscope::exporter
