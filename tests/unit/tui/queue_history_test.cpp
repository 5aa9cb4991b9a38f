#include "tui/queue_history.h"

#include <gtest/gtest.h>

#include "tui_test_util.h"

namespace sockscope::tui {
namespace {

using testing::MakeListener;

TEST(SampleRing, KeepsTheLastSixtyOldestFirst) {
  SampleRing ring;
  for (uint32_t i = 0; i < 75; ++i) ring.Push(i);
  auto v = ring.Values();
  ASSERT_EQ(v.size(), 60u);
  EXPECT_EQ(v.front(), 15u);
  EXPECT_EQ(v.back(), 74u);
}

TEST(QueueHistory, CapsAtSixtySamplesPerListener) {
  QueueHistory h;
  auto l = MakeListener("127.0.0.1", 80, 0, 128);
  for (uint32_t i = 0; i < 100; ++i) {
    l.accept_queue_len = i;
    h.Record({l});
  }
  auto v = h.Values(KeyOf(l));
  ASSERT_EQ(v.size(), SampleRing::kCapacity);
  EXPECT_EQ(v.front(), 40u);
  EXPECT_EQ(v.back(), 99u);
}

TEST(QueueHistory, KeyedByNetnsAddressAndPort) {
  QueueHistory h;
  auto a = MakeListener("127.0.0.1", 80, 1, 128);
  auto b = MakeListener("127.0.0.1", 81, 2, 128);
  auto c = MakeListener("::1", 80, 3, 128);
  auto d = a;
  d.netns = 42;
  d.accept_queue_len = 4;
  h.Record({a, b, c, d});
  EXPECT_EQ(h.size(), 4u);
  EXPECT_EQ(h.Values(KeyOf(a)), std::vector<uint32_t>{1});
  EXPECT_EQ(h.Values(KeyOf(b)), std::vector<uint32_t>{2});
  EXPECT_EQ(h.Values(KeyOf(c)), std::vector<uint32_t>{3});
  EXPECT_EQ(h.Values(KeyOf(d)), std::vector<uint32_t>{4});
}

TEST(QueueHistory, SurvivesARestartWithANewCookie) {
  QueueHistory h;
  auto l = MakeListener("0.0.0.0", 443, 1, 128);
  h.Record({l});
  l.cookie += 1;  // same service, new socket
  l.inode += 1;
  l.accept_queue_len = 2;
  h.Record({l});
  EXPECT_EQ(h.Values(KeyOf(l)), (std::vector<uint32_t>{1, 2}));
}

TEST(QueueHistory, ReuseportGroupSharesOneLineWithTheLongestQueue) {
  QueueHistory h;
  auto a = MakeListener("0.0.0.0", 80, 1, 128);
  auto b = MakeListener("0.0.0.0", 80, 7, 128);
  b.cookie += 100;
  h.Record({a, b});
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(h.Values(KeyOf(a)), std::vector<uint32_t>{7});
}

TEST(QueueHistory, DropsListenersThatDisappear) {
  QueueHistory h;
  auto a = MakeListener("127.0.0.1", 80, 1, 128);
  auto b = MakeListener("127.0.0.1", 81, 2, 128);
  h.Record({a, b});
  h.Record({a});
  EXPECT_EQ(h.size(), 1u);
  EXPECT_TRUE(h.Values(KeyOf(b)).empty());
  // Back again: a fresh history, not the old one.
  h.Record({a, b});
  EXPECT_EQ(h.Values(KeyOf(b)), std::vector<uint32_t>{2});
  EXPECT_EQ(h.Values(KeyOf(a)), (std::vector<uint32_t>{1, 1, 1}));
}

}  // namespace
}  // namespace sockscope::tui
