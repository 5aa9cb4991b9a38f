// FindCgroupPaths over a directory tree standing for the cgroup2 mount: the
// id of a cgroup is its directory's inode, so the walk finds each wanted
// inode's path relative to the mount; ids not there stay absent.
#include "sys/cgroup_paths.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

namespace sockscope::sys {
namespace {

uint64_t Inode(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_ino;
}

TEST(CgroupPaths, FindsEachIdsPathRelativeToTheMount) {
  char tmpl[] = "/tmp/sockscope-cgroup-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string root = tmpl;
  ASSERT_EQ(::mkdir((root + "/system.slice").c_str(), 0755), 0);
  ASSERT_EQ(::mkdir((root + "/system.slice/nginx.service").c_str(), 0755), 0);
  ASSERT_EQ(::mkdir((root + "/user.slice").c_str(), 0755), 0);
  const uint64_t ids[] = {Inode(root), Inode(root + "/system.slice/nginx.service"), 0, 1234567};
  auto found = FindCgroupPaths(ids, root.c_str(), base::Deadline::After(std::chrono::seconds(5)));
  EXPECT_EQ(found.size(), 2u);
  EXPECT_EQ(found[ids[0]], "/");
  EXPECT_EQ(found[ids[1]], "/system.slice/nginx.service");
  // A walk that may read only the root finds only the root.
  auto bounded = FindCgroupPaths(ids, root.c_str(), base::Deadline::After(std::chrono::seconds(5)),
                                 /*max_dirs=*/1);
  EXPECT_EQ(bounded.size(), 1u);
  // An expired deadline reads nothing.
  EXPECT_TRUE(
      FindCgroupPaths(ids, root.c_str(), base::Deadline::After(std::chrono::seconds(0))).empty());
  EXPECT_EQ(std::system(("rm -rf " + root).c_str()), 0);
}

}  // namespace
}  // namespace sockscope::sys
