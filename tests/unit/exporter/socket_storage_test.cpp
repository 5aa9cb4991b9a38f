// serve fills each snapshot's socket vector into the pages of the last one
// no one holds any more (SocketStoragePool, collect::CollectPolicy::
// socket_storage): at 100k sockets a fresh vector's pages, zeroed by the
// kernel on first touch, were 8 % of a scrape. A snapshot still held (a
// scrape rendering it) is never written over.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exporter/collection.h"
#include "fakes/fake_proc_fs.h"
#include "proc_listeners.h"

namespace sockscope::exporter {
namespace {

using fakes::FakeProcFs;

using testing::ListenRow;
using testing::ProcOnly;

std::string ListenRows(int count) {
  std::string rows;
  for (int i = 0; i < count; ++i) rows += ListenRow(i, 8000 + i, 5000 + i);
  return rows;
}

struct World {
  FakeProcFs proc;
  explicit World(int listeners) {
    proc.SetNetnsLink("net:[4026531840]");
    testing::SetListeners(proc, ListenRows(listeners));
  }
};

TEST(SocketStoragePool, HandsBackAnEmptyVectorWithItsCapacityOnce) {
  SocketStoragePool pool;
  EXPECT_EQ(pool.Take().capacity(), 0u) << "nothing given yet";
  std::vector<model::Socket> sockets(300);
  sockets[0].unix_path = std::string_view("/run/held");  // freed by Give, not leaked (ASan)
  const model::Socket* pages = sockets.data();
  pool.Give(std::move(sockets));
  auto taken = pool.Take();
  EXPECT_TRUE(taken.empty());
  EXPECT_GE(taken.capacity(), 300u);
  EXPECT_EQ(taken.data(), pages);
  EXPECT_EQ(pool.Take().capacity(), 0u) << "one vector is handed out once";
}

TEST(SocketStoragePool, KeepsTheLargerOfTwoVectors) {
  SocketStoragePool pool;
  std::vector<model::Socket> large(500), small(10);
  const model::Socket* large_pages = large.data();
  pool.Give(std::move(large));
  pool.Give(std::move(small));
  EXPECT_EQ(pool.Take().data(), large_pages);
}

// Runs a collection of `sockets` sockets and drops it, as a scrape that is
// done does; its pages (the collector still holds it as its previous one).
const model::Socket* CollectAndRelease(SnapshotCollector& collector, Progress& progress,
                                       size_t sockets) {
  const Collection first = collector.Run(progress);
  EXPECT_EQ(first.snapshot->sockets.size(), sockets);
  return first.snapshot->sockets.data();
}

TEST(SnapshotCollector, AReleasedSnapshotsPagesHoldTheNextOne) {
  World w(50);
  SnapshotCollector collector({nullptr, &w.proc}, ProcOnly());
  Progress progress;
  const model::Socket* first_pages = CollectAndRelease(collector, progress, 50);
  // Fewer sockets from now on: a vector of their own would be smaller.
  testing::SetListeners(w.proc, ListenRows(10));
  auto second = collector.Run(progress);  // the first is still its "previous" snapshot
  auto third = collector.Run(progress);   // now the first is held by no one
  ASSERT_EQ(third.snapshot->sockets.size(), 10u);
  EXPECT_GE(third.snapshot->sockets.capacity(), 50u);
  EXPECT_EQ(third.snapshot->sockets.data(), first_pages);
  EXPECT_EQ(third.snapshot->sockets.front().local.port, 8000);
  EXPECT_EQ(third.snapshot->sockets.back().local.port, 8009);
}

// The kernel's counts of the namespace, from which a collection reserves.
void SetCounts(FakeProcFs& proc, int tcp) {
  proc.SetFile("net/sockstat", "sockets: used " + std::to_string(tcp) + "\nTCP: inuse " +
                                   std::to_string(tcp) + " orphan 0 tw 0 alloc " +
                                   std::to_string(tcp) + " mem 0\nUDP: inuse 0 mem 0\n");
  proc.SetFile("net/sockstat6", "TCP6: inuse 0\nUDP6: inuse 0\n");
}

// A host's count creeps up between scrapes (each scrape's own connection
// leaves a TIME-WAIT): room for exactly the last count would make every
// collection move to fresh pages.
TEST(SnapshotCollector, ASocketMoreThanLastTimeStillFitsInTheReleasedPages) {
  World w(50);
  SetCounts(w.proc, 50);
  SnapshotCollector collector({nullptr, &w.proc}, ProcOnly());
  Progress progress;
  const model::Socket* first_pages = CollectAndRelease(collector, progress, 50);
  auto second = collector.Run(progress);
  testing::SetListeners(w.proc, ListenRows(51));
  SetCounts(w.proc, 51);
  auto third = collector.Run(progress);  // into the first's pages
  ASSERT_EQ(third.snapshot->sockets.size(), 51u);
  EXPECT_EQ(third.snapshot->sockets.data(), first_pages);
}

TEST(SnapshotCollector, ASnapshotStillHeldIsNeverWrittenOver) {
  World w(50);
  SnapshotCollector collector({nullptr, &w.proc}, ProcOnly());
  Progress progress;
  auto held = collector.Run(progress);  // a scrape still rendering it
  std::vector<const model::Socket*> pages;
  for (int i = 0; i < 3; ++i) {
    auto next = collector.Run(progress);
    pages.push_back(next.snapshot->sockets.data());
  }
  for (const auto* p : pages) EXPECT_NE(p, held.snapshot->sockets.data());
  ASSERT_EQ(held.snapshot->sockets.size(), 50u);
  EXPECT_EQ(held.snapshot->sockets.front().local.port, 8000);
  EXPECT_EQ(held.snapshot->sockets.back().local.port, 8049);
}

}  // namespace
}  // namespace sockscope::exporter
