// OrderAsSs: rows in ss's table order (UNIX, raw, UDP, TCP, MPTCP), stable
// within a table, untouched when already in order.
#include <gtest/gtest.h>

#include <vector>

#include "render/socket_table.h"

namespace sockscope::render {
namespace {

model::Snapshot Of(const std::vector<model::Proto>& protos) {
  model::Snapshot snap;
  for (model::Proto p : protos) {
    model::Socket s;
    s.proto = p;
    snap.sockets.push_back(s);
  }
  return snap;
}

TEST(OrderAsSs, TablesInSsOrderStableWithin) {
  using model::Proto;
  const auto snap = Of({Proto::kTcp, Proto::kTcp, Proto::kUdp, Proto::kMptcp, Proto::kRaw,
                        Proto::kUnix, Proto::kUdp});
  std::vector<size_t> shown{0, 1, 2, 3, 4, 5, 6};
  OrderAsSs(snap, shown);
  EXPECT_EQ(shown, (std::vector<size_t>{5, 4, 2, 6, 0, 1, 3}));
}

TEST(OrderAsSs, OneTableOrASubsetKeepsItsOrder) {
  using model::Proto;
  const auto snap = Of({Proto::kTcp, Proto::kTcp, Proto::kUnix, Proto::kTcp});
  std::vector<size_t> shown{3, 0, 1};
  OrderAsSs(snap, shown);
  EXPECT_EQ(shown, (std::vector<size_t>{3, 0, 1}));
  std::vector<size_t> none;
  OrderAsSs(snap, none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace sockscope::render
