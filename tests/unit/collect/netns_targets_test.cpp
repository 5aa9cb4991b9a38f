#include "collect/netns_targets.h"

#include <gtest/gtest.h>

namespace sockscope::collect {
namespace {

TEST(ParseNetnsMounts, FindsNsfsNetMountsOnly) {
  std::string_view text =
      "22 1 0:21 / /proc rw,nosuid shared:12 - proc proc rw\n"
      "611 26 0:4 net:[4026532401] /run/netns/blue rw shared:301 - nsfs nsfs rw\n"
      "612 26 0:4 net:[4026532502] /var/run/my\\040ns rw - nsfs nsfs rw\n"
      "613 26 0:4 mnt:[4026532600] /run/mnt-holder rw - nsfs nsfs rw\n"
      "614 26 0:4 net:[4026532700] /not-nsfs rw - tmpfs tmpfs rw\n";
  auto mounts = ParseNetnsMounts(text);
  ASSERT_EQ(mounts.size(), 2u);
  EXPECT_EQ(mounts[0].first, 4026532401u);
  EXPECT_EQ(mounts[0].second, "/run/netns/blue");
  EXPECT_EQ(mounts[1].first, 4026532502u);
  EXPECT_EQ(mounts[1].second, "/var/run/my ns");  // \040 unescaped
}

TEST(ParseNetnsMounts, ToleratesTruncatedAndEmptyLines) {
  EXPECT_TRUE(ParseNetnsMounts("").empty());
  EXPECT_TRUE(ParseNetnsMounts("\n\n611 26 0:4 net:[1]\n- nsfs\n").empty());
  EXPECT_TRUE(ParseNetnsMounts("611 26 0:4 net:[x] /a rw - nsfs nsfs rw").empty());
}

}  // namespace
}  // namespace sockscope::collect
