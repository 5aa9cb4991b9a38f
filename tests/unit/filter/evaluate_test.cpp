#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "filter/filter.h"

namespace sockscope::filter {
namespace {

using model::State;

model::Socket Tcp(const char* local, uint16_t lport, const char* peer, uint16_t pport,
                  State state = State::kEstablished) {
  model::Socket s;
  s.proto = model::Proto::kTcp;
  s.state = state;
  s.local.addr = *model::ParseIpAddr(local);
  s.local.port = lport;
  s.peer.addr = *model::ParseIpAddr(peer);
  s.peer.port = pport;
  s.family = s.local.addr.family;
  return s;
}

model::Socket Unix(const std::string& path) {
  model::Socket s;
  s.proto = model::Proto::kUnix;
  s.family = model::Family::kUnix;
  s.socket_type = model::SocketType::kStream;
  s.state = State::kListen;
  s.unix_path = path;
  return s;
}

bool Match(const std::string& text, const model::Socket& s) {
  auto f = ParseFilter({text});
  EXPECT_TRUE(f.has_value()) << text << ": " << (f ? "" : f.error().message);
  return f && Matches(*f, s);
}

TEST(Evaluate, NoFilterMatchesEverything) {
  Filter f;
  EXPECT_TRUE(Matches(f, Tcp("10.0.0.1", 1, "10.0.0.2", 2)));
  EXPECT_TRUE(Matches(f, Unix("/run/x")));
}

TEST(Evaluate, PortOperatorsUseLocalForSportAndPeerForDport) {
  auto s = Tcp("10.0.0.1", 22, "10.0.0.2", 51000);
  EXPECT_TRUE(Match("sport = :22", s));
  EXPECT_FALSE(Match("dport = :22", s));
  EXPECT_TRUE(Match("dport = :51000", s));
  EXPECT_TRUE(Match("sport != :23", s));
  EXPECT_FALSE(Match("sport != :22", s));
  EXPECT_TRUE(Match("sport > :21", s));
  EXPECT_FALSE(Match("sport > :22", s));
  EXPECT_TRUE(Match("sport >= :22", s));
  EXPECT_FALSE(Match("sport >= :23", s));
  EXPECT_TRUE(Match("sport < :23", s));
  EXPECT_FALSE(Match("sport < :22", s));
  EXPECT_TRUE(Match("sport <= :22", s));
  EXPECT_FALSE(Match("sport <= :21", s));
  EXPECT_TRUE(Match("dport gt :50999 and dport lt :51001", s));
}

TEST(Evaluate, PortBoundaries) {
  auto s = Tcp("10.0.0.1", 0, "10.0.0.2", 65535);
  EXPECT_TRUE(Match("sport = :0", s));
  EXPECT_TRUE(Match("dport = :65535", s));
  EXPECT_TRUE(Match("dport >= :65535", s));
  EXPECT_FALSE(Match("dport > :65535", s));
  EXPECT_FALSE(Match("sport < :0", s));
}

TEST(Evaluate, BooleanOperators) {
  auto s = Tcp("10.0.0.1", 22, "10.0.0.2", 51000);
  EXPECT_TRUE(Match("sport :22 and dport :51000", s));
  EXPECT_FALSE(Match("sport :22 and dport :1", s));
  EXPECT_TRUE(Match("sport :1 or dport :51000", s));
  EXPECT_FALSE(Match("sport :1 or dport :1", s));
  EXPECT_TRUE(Match("not sport :1", s));
  EXPECT_FALSE(Match("! sport :22", s));
  // or binds loosest: true or (false and false).
  EXPECT_TRUE(Match("sport :22 or sport :1 and sport :2", s));
  EXPECT_FALSE(Match("( sport :22 or sport :1 ) and sport :2", s));
}

TEST(Evaluate, Ipv4Prefixes) {
  auto s = Tcp("10.1.2.3", 80, "192.168.7.9", 40000);
  EXPECT_TRUE(Match("src 10.0.0.0/8", s));
  EXPECT_FALSE(Match("src 11.0.0.0/8", s));
  EXPECT_TRUE(Match("src 10.1.2.3/32", s));
  EXPECT_FALSE(Match("src 10.1.2.4/32", s));
  EXPECT_TRUE(Match("src 10.1.2.2/31", s));
  EXPECT_FALSE(Match("src 10.1.2.4/31", s));
  EXPECT_TRUE(Match("src 0.0.0.0/0", s));
  EXPECT_TRUE(Match("dst 192.168.0.0/16", s));
  EXPECT_FALSE(Match("dst 10.0.0.0/8", s));
  EXPECT_TRUE(Match("src 10.1.2.3:80", s));
  EXPECT_FALSE(Match("src 10.1.2.3:81", s));
  EXPECT_TRUE(Match("src 10.1.2.3:*", s));
  EXPECT_TRUE(Match("dst *:40000", s));
  EXPECT_TRUE(Match("dst :40000", s));
  EXPECT_TRUE(Match("src *", s));
  EXPECT_TRUE(Match("src != 11.0.0.0/8", s));
  // An IPv4 socket never matches an IPv6 prefix, not even ::/0.
  EXPECT_FALSE(Match("src ::/0", s));
}

TEST(Evaluate, Ipv6Prefixes) {
  auto s = Tcp("2001:db8::10", 443, "fe80::1", 50000);
  s.family = model::Family::kInet6;
  EXPECT_TRUE(Match("src [2001:db8::]/32", s));
  EXPECT_TRUE(Match("src 2001:db8::/32", s));
  EXPECT_FALSE(Match("src [2001:db9::]/32", s));
  EXPECT_TRUE(Match("src [2001:db8::10]/128:443", s));
  EXPECT_FALSE(Match("src [2001:db8::11]/128", s));
  EXPECT_TRUE(Match("src [2001:db8::11]/124", s));
  EXPECT_TRUE(Match("src [::]/0", s));
  EXPECT_TRUE(Match("dst [fe80::]/10", s));
  EXPECT_FALSE(Match("dst [fe80::]/10:1", s));
  EXPECT_FALSE(Match("src 0.0.0.0/0", s));
}

TEST(Evaluate, Ipv4FilterMatchesMappedAddresses) {
  auto s = Tcp("::ffff:127.0.0.1", 8080, "::ffff:10.9.8.7", 1234);
  s.family = model::Family::kInet6;
  EXPECT_TRUE(Match("src 127.0.0.1", s));
  EXPECT_TRUE(Match("src 127.0.0.0/8:8080", s));
  EXPECT_TRUE(Match("dst 10.0.0.0/8", s));
  EXPECT_FALSE(Match("dst 11.0.0.0/8", s));
  EXPECT_TRUE(Match("dst [::ffff:10.9.8.7]", s));
  EXPECT_TRUE(Match("dst ::ffff:10.0.0.0/104", s));
  // And a mapped filter matches a plain IPv4 socket.
  EXPECT_TRUE(Match("src [::ffff:127.0.0.1]", Tcp("127.0.0.1", 1, "127.0.0.1", 2)));
}

TEST(Evaluate, UnixSocketsNeverMatchAddressOrPortTerms) {
  auto s = Unix("/run/docker.sock");
  EXPECT_FALSE(Match("src *", s));
  EXPECT_FALSE(Match("sport >= :0", s));
  EXPECT_FALSE(Match("dst *:*", s));
  EXPECT_TRUE(Match("not sport = :22", s));
  EXPECT_TRUE(Match("src unix:/run/*", s));
  EXPECT_TRUE(Match("src unix:*.sock", s));
  EXPECT_FALSE(Match("src unix:/var/lib/app/*", s));
  EXPECT_FALSE(Match("src unix:*", Tcp("10.0.0.1", 1, "10.0.0.2", 2)));
}

TEST(Evaluate, StateClauseFiltersStates) {
  auto f = ParseFilter({"state", "established", "sport", ":22"});
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(Matches(*f, Tcp("10.0.0.1", 22, "10.0.0.2", 1, State::kEstablished)));
  EXPECT_FALSE(Matches(*f, Tcp("10.0.0.1", 22, "10.0.0.2", 1, State::kTimeWait)));
  EXPECT_FALSE(Matches(*f, Tcp("10.0.0.1", 23, "10.0.0.2", 1, State::kEstablished)));
}

TEST(Evaluate, NewSynRecvCountsAsSynRecv) {
  auto f = ParseFilter({"state syn-recv"});
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(Matches(*f, Tcp("10.0.0.1", 22, "10.0.0.2", 1, State::kNewSynRecv)));
  EXPECT_TRUE(Matches(*f, Tcp("10.0.0.1", 22, "10.0.0.2", 1, State::kSynRecv)));
  f = ParseFilter({"exclude bucket"});
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(Matches(*f, Tcp("10.0.0.1", 22, "10.0.0.2", 1, State::kNewSynRecv)));
  EXPECT_TRUE(Matches(*f, Tcp("10.0.0.1", 22, "10.0.0.2", 1, State::kListen)));
}

TEST(Evaluate, WithoutStateClauseMatchesAnyState) {
  auto f = ParseFilter({"sport :22"});
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(Matches(*f, Tcp("10.0.0.1", 22, "0.0.0.0", 0, State::kListen)));
  EXPECT_TRUE(Matches(*f, Tcp("10.0.0.1", 22, "10.0.0.2", 1, State::kTimeWait)));
}

TEST(KernelStateMask, UsesTheStateClauseOrTheDefault) {
  auto f = ParseFilter({"sport :22"});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(KernelStateMask(*f, kSsDefaultStates), kSsDefaultStates);
  EXPECT_EQ(KernelStateMask(*f, model::StateBit(State::kSynRecv)), kSynRecvBits);
  f = ParseFilter({"state listening state time-wait"});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(KernelStateMask(*f, kSsDefaultStates),
            model::StateBit(State::kListen) | model::StateBit(State::kTimeWait));
  f = ParseFilter({"state synchronized"});
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(KernelStateMask(*f, 0) & model::StateBit(State::kNewSynRecv));
}

TEST(Evaluate, DeepestAllowedTreeEvaluates) {
  std::string text;
  for (int i = 0; i < kMaxNesting / 2; ++i) text += "not (";
  text += "sport :22";
  text += std::string(kMaxNesting / 2, ')');
  // An even number of negations: same as the bare term.
  EXPECT_TRUE(Match(text, Tcp("10.0.0.1", 22, "10.0.0.2", 1)));
  EXPECT_FALSE(Match(text, Tcp("10.0.0.1", 23, "10.0.0.2", 1)));
}

}  // namespace
}  // namespace sockscope::filter
