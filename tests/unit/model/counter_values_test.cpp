// CounterValues keeps counters sorted by name, one value a name, however
// they are added: one at a time, many at once (a later value wins, as
// operator[] would give) or merged (the values already held win).
#include "model/counters.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sockscope::model {
namespace {

std::vector<std::pair<std::string, uint64_t>> Listed(const CounterValues& c) {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (const auto& [key, value] : c) out.emplace_back(std::string(key), value);
  return out;
}

TEST(CounterValues, SetAllSortsOnceAndALaterValueOfANameWins) {
  CounterValues c{{"TcpExt.ListenDrops", 1}, {"Tcp.ActiveOpens", 2}};
  const std::string kept = "TcpExt.ListenOverflows";  // not interned by the caller
  const std::vector<CounterValues::Entry> more = {{"TcpExt.SyncookiesSent", 5},
                                                  {kept, 6},
                                                  {"TcpExt.ListenDrops", 7},
                                                  {"Ip.Forwarding", 8},
                                                  {"TcpExt.SyncookiesSent", 9}};
  c.SetAll(more);
  EXPECT_EQ(Listed(c),
            (std::vector<std::pair<std::string, uint64_t>>{{"Ip.Forwarding", 8},
                                                           {"Tcp.ActiveOpens", 2},
                                                           {"TcpExt.ListenDrops", 7},
                                                           {"TcpExt.ListenOverflows", 6},
                                                           {"TcpExt.SyncookiesSent", 9}}));
  EXPECT_EQ(c.Find("TcpExt.ListenOverflows"), 6u);
  EXPECT_EQ(c["Tcp.ActiveOpens"], 2u);
  EXPECT_FALSE(c.Find("Tcp.PassiveOpens"));
}

TEST(CounterValues, MergeAddsOnlyWhatIsMissingAndStaysSorted) {
  CounterValues c{{"B.x", 1}, {"D.x", 2}};
  const CounterValues other{{"A.x", 10}, {"B.x", 20}, {"C.x", 30}, {"E.x", 40}};
  c.merge(other);
  EXPECT_EQ(Listed(c), (std::vector<std::pair<std::string, uint64_t>>{
                           {"A.x", 10}, {"B.x", 1}, {"C.x", 30}, {"D.x", 2}, {"E.x", 40}}));
  CounterValues empty;
  empty.merge(c);
  EXPECT_EQ(Listed(empty), Listed(c));
}

TEST(InternCounterName, EveryThreadGetsTheSameStoredName) {
  const std::string name = "TcpExt.TCPBacklogDrop";
  const std::string_view here = InternCounterName(name);
  std::string_view there;
  std::thread other([&] { there = InternCounterName(std::string(name)); });
  other.join();
  EXPECT_EQ(here, name);
  EXPECT_EQ(here.data(), there.data()) << "one stored copy, whichever thread asked first";
  EXPECT_EQ(InternCounterName(name).data(), here.data()) << "the thread's own cache agrees";
}

}  // namespace
}  // namespace sockscope::model
