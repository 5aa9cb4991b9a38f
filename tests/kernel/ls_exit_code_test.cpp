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

// Issue 12: output lost to a full disk was exit 0 with nothing on stderr.
TEST(LsExitCode, StdoutThatCannotBeWrittenIsExit74WithAMessageIssue12) {
  for (const char* command : {"ls -tan", "ls -tan -o json", "stats", "listeners"}) {
    CommandResult result =
        RunCommand({"/bin/sh", "-c", std::string("exec \"$0\" ") + command + " > /dev/full",
                    SOCKSCOPE_BINARY});
    EXPECT_EQ(result.exit_code, 74) << command << ": " << result.Describe();
    EXPECT_THAT(result.err, HasSubstr("cannot write to stdout")) << command;
  }
}

TEST(LsExitCode, ClosedPipeStaysQuiet) {
  // The reader (head -c 1) leaves after one byte: EPIPE (or SIGPIPE) is the
  // reader's choice, never a message.
  CommandResult result = RunCommand(
      {"/bin/sh", "-c", "\"$0\" ls -tan -o json | head -c 1 >/dev/null", SOCKSCOPE_BINARY});
  EXPECT_EQ(result.exit_code, 0) << result.Describe();
  EXPECT_EQ(result.err.find("cannot write"), std::string::npos) << result.Describe();
}

}  // namespace
}  // namespace sockscope::testing
