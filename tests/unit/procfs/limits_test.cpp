#include "procfs/limits.h"

#include <gtest/gtest.h>

#include "fakes/fake_proc_fs.h"
#include "fixture.h"

namespace sockscope::procfs {
namespace {

TEST(ParseSysctlInts, Forms) {
  EXPECT_EQ(ParseSysctlInts("4096\n", 1), (std::vector<int64_t>{4096}));
  EXPECT_EQ(ParseSysctlInts("32768\t60999\n", 2), (std::vector<int64_t>{32768, 60999}));
  EXPECT_EQ(ParseSysctlInts("1 2 3\r\n", 3), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(ParseSysctlInts("-1\n", 1), (std::vector<int64_t>{-1}));
  EXPECT_FALSE(ParseSysctlInts("", 1));
  EXPECT_FALSE(ParseSysctlInts("1 2\n", 1));
  EXPECT_FALSE(ParseSysctlInts("1\n", 2));
  EXPECT_FALSE(ParseSysctlInts("12abc\n", 1));
  EXPECT_FALSE(ParseSysctlInts("99999999999999999999\n", 1));
}

TEST(ReadLimits, RecordedHostTree) {
  auto proc = MakeRealProcFs(sys::RealFiles(), testing::FixturePath("proc/host"));
  ASSERT_TRUE(proc) << proc.error().message;
  auto read = ReadLimits(**proc);
  EXPECT_TRUE(read.problems.empty());
  const auto& l = read.limits;
  EXPECT_EQ(l.somaxconn, 4096);
  EXPECT_EQ(l.port_range_low, 32768);
  EXPECT_EQ(l.port_range_high, 60999);
  EXPECT_EQ(l.tcp_mem_min, 287898);
  EXPECT_EQ(l.tcp_mem_pressure, 383867);
  EXPECT_EQ(l.tcp_mem_max, 575796);
  EXPECT_EQ(l.tcp_max_orphans, 131072);
  EXPECT_TRUE(l.tcp_syncookies.has_value());
  EXPECT_TRUE(l.tcp_abort_on_overflow.has_value());
  EXPECT_TRUE(l.tcp_max_syn_backlog.has_value());
  EXPECT_TRUE(l.tcp_max_tw_buckets.has_value());
}

// Recorded inside a child namespace on Linux 6.x: tcp_mem and tcp_max_orphans
// are global there and absent, which leaves their fields empty.
TEST(ReadLimits, ChildNamespaceLacksGlobalSysctls) {
  auto proc = MakeRealProcFs(sys::RealFiles(), testing::FixturePath("proc/basic"));
  ASSERT_TRUE(proc) << proc.error().message;
  auto read = ReadLimits(**proc);
  EXPECT_EQ(read.limits.somaxconn, 4096);
  EXPECT_FALSE(read.limits.tcp_mem_max.has_value());
  EXPECT_FALSE(read.limits.tcp_max_orphans.has_value());
  EXPECT_EQ(read.problems.size(), 2u);
}

TEST(ReadLimits, GarbageValueIsAProblemNotAValue) {
  fakes::FakeProcFs proc;
  proc.SetFile("sys/net/core/somaxconn", "lots\n");
  proc.SetFile("sys/net/ipv4/ip_local_port_range", "1024\n");
  auto read = ReadLimits(proc);
  EXPECT_FALSE(read.limits.somaxconn.has_value());
  EXPECT_FALSE(read.limits.port_range_low.has_value());
  EXPECT_EQ(read.problems.size(), 8u);  // 2 malformed + 6 missing
  EXPECT_EQ(read.problems[0], "net/core/somaxconn: unexpected contents");
}

}  // namespace
}  // namespace sockscope::procfs
