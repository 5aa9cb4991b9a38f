// ProgressRegion: the sockets check re-reads are those the progress rules
// judge, and a healthy busy server's idle connections are left out.
#include "diagnose/progress_region.h"

#include <gtest/gtest.h>

#include "diagnose/thresholds.h"
#include "test_snapshots.h"

namespace sockscope::diagnose {
namespace {

using model::State;
using testing::Tcp;

TEST(ProgressRegion, NamesQueuedCloseWaitSynSentAndBusyListeners) {
  model::Snapshot s = testing::MakeSnapshot();
  s.sockets.push_back(testing::Listen("0.0.0.0", 80, 0, 128, 1));
  s.sockets.push_back(testing::Listen("0.0.0.0", 8080, 3, 128, 2));
  s.listeners.push_back(testing::MakeListener("0.0.0.0", 80, 0, 128));
  s.listeners.push_back(testing::MakeListener("0.0.0.0", 8080, 3, 128));
  auto idle = Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000, 10);
  auto queued = Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.3", 5001, 11);
  queued.recv_q = 100;
  auto close_wait = Tcp(State::kCloseWait, "10.0.0.1", 80, "10.0.0.4", 5002, 12);
  auto syn_sent = Tcp(State::kSynSent, "10.0.0.1", 40000, "10.9.9.9", 5432, 13);
  s.sockets.insert(s.sockets.end(), {idle, queued, close_wait, syn_sent});
  auto regions = ProgressRegion(s);
  ASSERT_TRUE(regions.has_value());
  EXPECT_TRUE(regions->client_groups.empty());
  EXPECT_FALSE(regions->Matches(idle));
  // tcp_info compared between the samples: data queued; read in the second:
  // connects (SYN retransmissions), every connect to the same destination.
  const auto& with_info = regions->with_info;
  EXPECT_TRUE(with_info.Matches(queued));
  EXPECT_TRUE(with_info.Matches(syn_sent));
  EXPECT_TRUE(with_info.Matches(Tcp(State::kSynSent, "10.0.0.1", 40001, "10.9.9.9", 5432, 14)));
  EXPECT_FALSE(with_info.Matches(close_wait));
  EXPECT_EQ(with_info.terms().size(), 2u);
  // Judged by identity: CLOSE-WAIT, every socket on the busy listener's port
  // (its children waiting for accept()).
  const auto& by_identity = regions->by_identity;
  EXPECT_TRUE(by_identity.Matches(close_wait));
  EXPECT_TRUE(by_identity.Matches(Tcp(State::kEstablished, "10.0.0.1", 8080, "10.0.0.5", 6000, 0)));
  EXPECT_FALSE(by_identity.Matches(queued));
  EXPECT_EQ(by_identity.terms().size(), 2u);
}

TEST(ProgressRegion, ClientGroupsThatCouldPileUpAreIncluded) {
  model::Snapshot s = testing::MakeSnapshot();
  for (uint16_t i = 0; i < kPileUpMin / 2; ++i)
    s.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", static_cast<uint16_t>(40000 + i),
                            "10.0.0.7", 5432, 100 + i));
  s.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 50000, "10.0.0.8", 6379, 99));
  auto regions = ProgressRegion(s);
  ASSERT_TRUE(regions.has_value());
  EXPECT_TRUE(regions->with_info.empty());  // nothing to judge one by one
  EXPECT_TRUE(regions->by_identity.empty());
  const auto& groups = regions->client_groups;
  EXPECT_TRUE(groups.Matches(s.sockets[0]));
  EXPECT_FALSE(groups.Matches(s.sockets.back()));  // one connection is no pile
  EXPECT_EQ(groups.terms().size(), 1u);
}

TEST(ProgressRegion, TooManyCandidatesMeansNoRegion) {
  model::Snapshot s = testing::MakeSnapshot();
  for (uint32_t i = 0; i <= kMaxRegionTerms; ++i) {
    auto q = Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.1.1", static_cast<uint16_t>(1024 + i),
                 i + 1);
    q.recv_q = 1;
    s.sockets.push_back(q);
  }
  EXPECT_FALSE(ProgressRegion(s).has_value());
}

}  // namespace
}  // namespace sockscope::diagnose
