// The exit-code policy of docs/cli.md: incomplete data outranks findings.
#include "cli/exit_policy.h"

#include <gtest/gtest.h>

#include <vector>

#include "cli/exit_codes.h"

namespace sockscope::cli {
namespace {

diagnose::Finding Make(std::string id, diagnose::Severity severity) {
  diagnose::Finding f;
  f.id = std::move(id);
  f.severity = severity;
  return f;
}

model::Snapshot WithSource(model::SourceStatus status) {
  model::Snapshot s;
  model::SourceState source;
  source.source = "tcp/inet";
  source.status = status;
  s.sources.push_back(source);
  return s;
}

TEST(ExitCodeForCheck, NoneOrInfoIsZero) {
  auto snap = WithSource(model::SourceStatus::kOk);
  EXPECT_EQ(ExitCodeForCheck(snap, {}), kExitOk);
  std::vector<diagnose::Finding> f = {Make("small-backlog", diagnose::Severity::kInfo)};
  EXPECT_EQ(ExitCodeForCheck(snap, f), kExitOk);
}

TEST(ExitCodeForCheck, WarningIsOneCriticalIsTwo) {
  auto snap = WithSource(model::SourceStatus::kOk);
  std::vector<diagnose::Finding> f = {Make("a", diagnose::Severity::kInfo),
                                      Make("b", diagnose::Severity::kWarning)};
  EXPECT_EQ(ExitCodeForCheck(snap, f), kExitWarnings);
  f.push_back(Make("c", diagnose::Severity::kCritical));
  EXPECT_EQ(ExitCodeForCheck(snap, f), kExitCritical);
}

TEST(ExitCodeForCheck, IncompleteOutranksCriticalFindings) {
  auto snap = WithSource(model::SourceStatus::kFailed);
  std::vector<diagnose::Finding> f = {Make("c", diagnose::Severity::kCritical)};
  EXPECT_EQ(ExitCodeForCheck(snap, f), kExitCannotInspect);
}

TEST(ExitCodeForCheck, AFallbackThatGaveTheDataIsComplete) {
  auto snap = WithSource(model::SourceStatus::kFellBack);
  std::vector<diagnose::Finding> f = {Make("b", diagnose::Severity::kWarning)};
  EXPECT_EQ(ExitCodeForCheck(snap, f), kExitWarnings);
}

TEST(ExitCodeForListing, ZeroWhenCompleteThreeWhenNot) {
  EXPECT_EQ(ExitCodeForListing(WithSource(model::SourceStatus::kOk)), kExitOk);
  EXPECT_EQ(ExitCodeForListing(WithSource(model::SourceStatus::kFailed)), kExitCannotInspect);
}

}  // namespace
}  // namespace sockscope::cli
