// Issue 15, UX: help for people who type. These need no namespace.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "command_support.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(UsageHelp, Issue15SsFlagsWithoutLsGetAHint) {
  CommandResult r = RunSockscope({"-tanp"});
  EXPECT_EQ(r.exit_code, 64) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("did you mean `sockscope ls -tanp`?")) << r.Describe();
  EXPECT_THAT(r.err, Not(HasSubstr("The following argument"))) << "the parser's words leaked";
}

TEST(UsageHelp, Issue15AMisspeltCommandGetsTheNearestOne) {
  CommandResult r = RunSockscope({"chek"});
  EXPECT_EQ(r.exit_code, 64) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("did you mean the command 'check'?")) << r.Describe();
}

TEST(UsageHelp, Issue15HelpCommand) {
  CommandResult all = RunSockscope({"help"});
  EXPECT_EQ(all.exit_code, 0) << all.Describe();
  EXPECT_THAT(all.out, HasSubstr("Usage: sockscope [OPTIONS]")) << all.out;
  CommandResult ls = RunSockscope({"help", "ls"});
  EXPECT_EQ(ls.exit_code, 0) << ls.Describe();
  EXPECT_THAT(ls.out, HasSubstr("Usage: sockscope ls")) << ls.out;
  CommandResult none = RunSockscope({"help", "lss"});
  EXPECT_EQ(none.exit_code, 64) << none.Describe();
  EXPECT_THAT(none.err, HasSubstr("did you mean 'ls'?")) << none.Describe();
}

TEST(UsageHelp, Issue15CommandHelpListsTheGlobalOptions) {
  for (const char* command : {"ls", "check", "serve"}) {
    CommandResult r = RunSockscope({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_THAT(r.out, HasSubstr("Global options, before or after the command:")) << r.out;
    EXPECT_THAT(r.out, HasSubstr("-j/--json")) << r.out;
    EXPECT_THAT(r.out, HasSubstr("-N/--netns")) << r.out;
  }
}

}  // namespace
}  // namespace sockscope::testing
