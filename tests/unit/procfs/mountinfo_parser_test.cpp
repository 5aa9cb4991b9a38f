// mountinfo lines: the fields sockscope reads (root, mount point with its
// octal escapes undone, file-system type), malformed lines skipped.
#include "procfs/mountinfo_parser.h"

#include <gtest/gtest.h>

namespace sockscope::procfs {
namespace {

constexpr char kMountinfo[] =
    "25 30 0:23 / /sys rw,nosuid shared:7 - sysfs sysfs rw\n"
    "31 25 0:26 / /sys/fs/cgroup ro shared:9 - tmpfs tmpfs ro,mode=755\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw\n"
    "570 29 0:4 net:[4026532301] /run/netns/my\\040ns rw shared:300 - nsfs nsfs rw\n"
    "garbage line without a dash\n"
    "1 2 3\n";

TEST(MountInfo, FieldsOfEveryWellFormedLine) {
  auto mounts = ParseMountInfo(kMountinfo);
  ASSERT_EQ(mounts.size(), 4u);
  EXPECT_EQ(mounts[2].fstype, "cgroup2");
  EXPECT_EQ(mounts[2].mount_point, "/sys/fs/cgroup/unified");
  EXPECT_EQ(mounts[3].root, "net:[4026532301]");
  EXPECT_EQ(mounts[3].mount_point, "/run/netns/my ns");
}

TEST(MountInfo, FirstMountOfAType) {
  EXPECT_EQ(FirstMountOf(kMountinfo, "cgroup2"), "/sys/fs/cgroup/unified");
  EXPECT_FALSE(FirstMountOf(kMountinfo, "bpf").has_value());
  EXPECT_FALSE(FirstMountOf("", "cgroup2").has_value());
}

}  // namespace
}  // namespace sockscope::procfs
