// MergeRefresh: a re-read of a region replaces exactly that region.
#include "collect/region_refresh.h"

#include <gtest/gtest.h>

#include <memory>

#include "../diagnose/test_snapshots.h"

namespace sockscope::collect {
namespace {

using model::State;
using testing::Tcp;

SocketSelection RegionSelection(model::SocketRegion region) {
  SocketSelection sel;
  sel.tcp = true;
  sel.tcp_states = model::kAllStates;
  sel.tcp_region = std::make_shared<const model::SocketRegion>(std::move(region));
  return sel;
}

TEST(MergeRefresh, ReplacesTheRegionAndKeepsTheRest) {
  model::Snapshot base = testing::MakeSnapshot();
  base.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000, 11));
  base.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.3", 5001, 12));
  base.sockets.push_back(Tcp(State::kCloseWait, "10.0.0.1", 443, "10.0.0.4", 5002, 13));
  base.sockets[0].recv_q = 10;
  model::SocketRegion region({
      {1, model::Family::kInet, 443, std::nullopt},                            // 13: gone
      {1, model::Family::kInet, uint16_t{80}, testing::Ep("10.0.0.2", 5000)},  // 11: re-read
  });
  model::Snapshot fresh = testing::MakeSnapshot();
  fresh.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 80, "10.0.0.2", 5000, 11));
  fresh.sockets[0].recv_q = 0;
  fresh.sockets.push_back(Tcp(State::kEstablished, "10.0.0.1", 443, "10.0.0.9", 6000, 14));  // new
  MergeRefresh(base, fresh, RegionSelection(region));
  ASSERT_EQ(base.sockets.size(), 3u);
  EXPECT_EQ(base.sockets[0].inode, 12u);  // outside the region: kept as it was
  EXPECT_EQ(base.sockets[1].inode, 11u);
  EXPECT_EQ(base.sockets[1].recv_q, 0u);  // the re-read's value
  EXPECT_EQ(base.sockets[2].inode, 14u);
}

TEST(MergeRefresh, KeepsOneSourceEntryWithTheWorseStatus) {
  model::Snapshot base = testing::MakeSnapshot();
  base.sources.push_back({"tcp/inet", 1, model::SourceStatus::kOk, "netlink", ""});
  model::Snapshot fresh = testing::MakeSnapshot();
  fresh.sources.push_back({"tcp/inet", 1, model::SourceStatus::kFailed, "", "timed out"});
  fresh.notes.push_back({model::NoteLevel::kError, "netlink", "timed out"});
  fresh.notes.push_back({model::NoteLevel::kError, "netlink", "timed out"});
  MergeRefresh(base, fresh, RegionSelection({}));
  ASSERT_EQ(base.sources.size(), 1u);
  EXPECT_EQ(base.sources[0].status, model::SourceStatus::kFailed);
  EXPECT_FALSE(base.Complete());
  EXPECT_EQ(base.notes.size(), 1u);
}

TEST(MergeRefresh, TakesTheCountersOfTheReRead) {
  model::Snapshot base = testing::MakeSnapshot();
  base.namespaces[0].counters_ok = true;
  base.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 1}};
  model::Snapshot fresh = testing::MakeSnapshot();
  fresh.namespaces[0].counters_ok = true;
  fresh.namespaces[0].counters.values = {{"TcpExt.ListenOverflows", 7}};
  MergeRefresh(base, fresh, RegionSelection({}));
  ASSERT_EQ(base.namespaces.size(), 1u);
  EXPECT_EQ(base.namespaces[0].counters.Get("TcpExt.ListenOverflows"), 7u);
}

}  // namespace
}  // namespace sockscope::collect
