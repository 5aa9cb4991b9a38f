#include "filter/state_sets.h"

#include <gtest/gtest.h>

namespace sockscope::filter {
namespace {

StateMask Bits(std::initializer_list<State> states) {
  StateMask mask = 0;
  for (State s : states) mask |= StateBit(s);
  return mask;
}

TEST(StateSets, ParsesEveryStateNameWithDashOrUnderscore) {
  struct Case {
    const char* name;
    State state;
  } cases[] = {
      {"established", State::kEstablished},
      {"syn-sent", State::kSynSent},
      {"syn_sent", State::kSynSent},
      {"fin-wait-1", State::kFinWait1},
      {"fin_wait_2", State::kFinWait2},
      {"time-wait", State::kTimeWait},
      {"closed", State::kClose},
      {"close", State::kClose},
      {"unconnected", State::kClose},
      {"close-wait", State::kCloseWait},
      {"last-ack", State::kLastAck},
      {"listening", State::kListen},
      {"listen", State::kListen},
      {"closing", State::kClosing},
      {"ESTABLISHED", State::kEstablished},
      {"Time_Wait", State::kTimeWait},
  };
  for (const auto& c : cases) {
    auto mask = ParseStateSet(c.name);
    ASSERT_TRUE(mask.has_value()) << c.name;
    EXPECT_EQ(*mask, StateBit(c.state)) << c.name;
  }
}

TEST(StateSets, SynRecvAlwaysCarriesNewSynRecv) {
  for (const char* name : {"syn-recv", "syn_recv", "syn-rcv"}) {
    auto mask = ParseStateSet(name);
    ASSERT_TRUE(mask.has_value()) << name;
    EXPECT_EQ(*mask, Bits({State::kSynRecv, State::kNewSynRecv})) << name;
  }
  EXPECT_TRUE(StateInMask(State::kNewSynRecv, StateBit(State::kSynRecv)));
  EXPECT_TRUE(StateInMask(State::kSynRecv, StateBit(State::kNewSynRecv)));
  EXPECT_FALSE(StateInMask(State::kNewSynRecv, StateBit(State::kEstablished)));
}

TEST(StateSets, SetsFollowSs) {
  EXPECT_EQ(ParseStateSet("all"), model::kAllStates);
  auto connected = *ParseStateSet("connected");
  EXPECT_FALSE(connected & StateBit(State::kListen));
  EXPECT_FALSE(connected & StateBit(State::kClose));
  EXPECT_TRUE(connected & StateBit(State::kSynSent));
  EXPECT_TRUE(connected & StateBit(State::kNewSynRecv));
  EXPECT_TRUE(connected & StateBit(State::kTimeWait));
  auto synchronized = *ParseStateSet("synchronized");
  EXPECT_EQ(synchronized, connected & ~StateBit(State::kSynSent));
  EXPECT_EQ(*ParseStateSet("bucket"),
            Bits({State::kSynRecv, State::kNewSynRecv, State::kTimeWait}));
  auto big = *ParseStateSet("big");
  EXPECT_EQ(big | *ParseStateSet("bucket"), model::kAllStates);
  EXPECT_EQ(big & *ParseStateSet("bucket"), 0u);
}

TEST(StateSets, RejectsUnknownNames) {
  for (const char* name : {"", "unknown", "estab", "listening2", "syn-recv-x", "new-syn-recv"}) {
    EXPECT_FALSE(ParseStateSet(name).has_value()) << name;
  }
}

TEST(StateSets, DefaultMasksMatchSs) {
  EXPECT_EQ(kSsDefaultStates,
            Bits({State::kEstablished, State::kSynSent, State::kFinWait1, State::kFinWait2,
                  State::kCloseWait, State::kLastAck, State::kClosing}));
  EXPECT_EQ(kSsListeningStates, Bits({State::kListen, State::kClose}));
  EXPECT_EQ(kSsAllStates, model::kAllStates);
  EXPECT_FALSE(kSsAllStates & StateBit(State::kUnknown));
}

TEST(StateSets, NormalizeAddsTheSynRecvTwin) {
  EXPECT_EQ(NormalizeStateMask(StateBit(State::kSynRecv)), kSynRecvBits);
  EXPECT_EQ(NormalizeStateMask(StateBit(State::kNewSynRecv)), kSynRecvBits);
  EXPECT_EQ(NormalizeStateMask(StateBit(State::kListen)), StateBit(State::kListen));
}

}  // namespace
}  // namespace sockscope::filter
