// The exporter reuses the last owner walk while no listener is new: at 100k
// sockets the walk of every /proc/PID/fd costs more than the rest of a
// scrape. A new listener, or a cache older than kOwnerCacheMaxAge, walks again.
#include <gtest/gtest.h>

#include <string>

#include "exporter/collection.h"
#include "fakes/fake_proc_fs.h"
#include "proc_listeners.h"

namespace sockscope::exporter {
namespace {

using fakes::FakeProcFs;

using testing::ListenRow;
using testing::ProcOnly;
using testing::SetListeners;

const model::Listener* OnPort(const model::Snapshot& snap, uint16_t port) {
  for (const auto& l : snap.listeners)
    if (l.local.port == port) return &l;
  return nullptr;
}

TEST(OwnerCache, ScrapesReuseTheWalkUntilAListenerIsNew) {
  FakeProcFs proc;
  proc.SetNetnsLink("net:[4026531840]");
  SetListeners(proc, ListenRow(0, 8080, 5000));
  proc.AddProcess(100, "nginx").fds = {{3, "socket:[5000]"}};
  SnapshotCollector collector({nullptr, &proc}, ProcOnly());
  Progress progress;

  auto first = collector.Run(progress);
  const int walks_after_first = proc.open_pid_calls();
  ASSERT_GT(walks_after_first, 0);
  ASSERT_NE(OnPort(*first.snapshot, 8080), nullptr);
  ASSERT_EQ(OnPort(*first.snapshot, 8080)->owners.size(), 1u);

  auto second = collector.Run(progress);
  EXPECT_EQ(proc.open_pid_calls(), walks_after_first) << "the same listeners: no new walk";
  ASSERT_NE(OnPort(*second.snapshot, 8080), nullptr);
  ASSERT_EQ(OnPort(*second.snapshot, 8080)->owners.size(), 1u);
  EXPECT_EQ(OnPort(*second.snapshot, 8080)->owners[0].comm, "nginx");
  EXPECT_TRUE(second.runs[static_cast<int>(CollectorId::kOwners)].ok);

  // A new listener is unknown to the cache: walk again and name it.
  SetListeners(proc, ListenRow(0, 8080, 5000) + ListenRow(1, 9090, 5001));
  proc.process(100).fds[4] = "socket:[5001]";
  auto third = collector.Run(progress);
  EXPECT_GT(proc.open_pid_calls(), walks_after_first);
  ASSERT_NE(OnPort(*third.snapshot, 9090), nullptr);
  ASSERT_EQ(OnPort(*third.snapshot, 9090)->owners.size(), 1u);
  EXPECT_EQ(OnPort(*third.snapshot, 9090)->owners[0].fd, 4);
}

TEST(OwnerCache, AListenerWithoutOwnerDoesNotForceAWalkEveryScrape) {
  FakeProcFs proc;
  proc.SetNetnsLink("net:[4026531840]");
  SetListeners(proc, ListenRow(0, 8080, 5000));  // no process holds inode 5000
  proc.AddProcess(100, "idle").fds = {{0, "/dev/null"}};
  SnapshotCollector collector({nullptr, &proc}, ProcOnly());
  Progress progress;
  collector.Run(progress);
  const int walks = proc.open_pid_calls();
  auto again = collector.Run(progress);
  EXPECT_EQ(proc.open_pid_calls(), walks);
  ASSERT_NE(OnPort(*again.snapshot, 8080), nullptr);
  EXPECT_TRUE(OnPort(*again.snapshot, 8080)->owners.empty());
}

}  // namespace
}  // namespace sockscope::exporter
