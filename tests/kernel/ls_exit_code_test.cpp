// Usage errors of `sockscope ls` exit 64 (cli.md); these need no namespace.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "command_support.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;

TEST(LsExitCode, UnknownFlagIsUsageError) {
  CommandResult result = RunSockscope({"ls", "--bogus"});
  EXPECT_EQ(result.exit_code, 64) << result.Describe();
  EXPECT_THAT(result.err, HasSubstr("--bogus")) << result.Describe();
}

TEST(LsExitCode, BadTimeoutAfterCommandIsUsageError) {
  CommandResult result = RunSockscope({"ls", "--timeout", "nonsense"});
  EXPECT_EQ(result.exit_code, 64) << result.Describe();
  EXPECT_THAT(result.err, HasSubstr("nonsense")) << result.Describe();
}

TEST(LsExitCode, BadTimeoutBeforeCommandIsUsageError) {
  CommandResult result = RunSockscope({"--timeout", "nonsense", "ls"});
  EXPECT_EQ(result.exit_code, 64) << result.Describe();
  EXPECT_THAT(result.err, HasSubstr("nonsense")) << result.Describe();
}

TEST(LsExitCode, BadOutputFormatIsUsageError) {
  CommandResult result = RunSockscope({"ls", "-o", "yaml"});
  EXPECT_EQ(result.exit_code, 64) << result.Describe();
}

TEST(LsExitCode, ValidListingExitsZero) {
  CommandResult result = RunSockscope({"ls", "-tan", "--timeout", "2s"});
  EXPECT_EQ(result.exit_code, 0) << result.Describe();
}

}  // namespace
}  // namespace sockscope::testing
