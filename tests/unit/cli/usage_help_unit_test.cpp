// Edit distance and the nearest command, for the usage hints.
#include <gtest/gtest.h>

#include "cli/app.h"
#include "cli/usage_help.h"

namespace sockscope::cli {
namespace {

TEST(UsageHelpUnit, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("check", "check"), 0u);
  EXPECT_EQ(EditDistance("chek", "check"), 1u);
  EXPECT_EQ(EditDistance("sevre", "serve"), 2u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

TEST(UsageHelpUnit, NearestCommandWithinTwoEdits) {
  auto cli = DefineCli();
  EXPECT_EQ(NearestCommand(cli->app, "lisenters"), "listeners");
  EXPECT_EQ(NearestCommand(cli->app, "stat"), "stats");
  EXPECT_FALSE(NearestCommand(cli->app, "frobnicate"));
}

}  // namespace
}  // namespace sockscope::cli
