// The CLI golden tier: the real sockscope binary replays recorded worlds
// (tests/fixtures/recordings/<world>/<case>/, made by scripts/record-worlds.sh)
// for every case and format of cases.txt; the output, exit code and stderr
// are compared with tests/cli/goldens/<world>/<case>.<format>.
// SOCKSCOPE_UPDATE_GOLDENS=1 (make goldens) rewrites the goldens instead.
#include <gtest/gtest.h>

#include <string>

#include "cli/golden_support.h"
#include "kernel/command_support.h"

namespace sockscope::testing {
namespace {

class Golden : public ::testing::TestWithParam<GoldenCase> {};

std::string Transcript(const CommandResult& r) {
  std::string t = NormaliseOutput(r.out);
  t += "--- exit " + std::to_string(r.exit_code) + "\n";
  if (!r.err.empty()) t += "--- stderr\n" + NormaliseOutput(r.err);
  return t;
}

TEST_P(Golden, ReplayMatchesGolden) {
  const GoldenCase& c = GetParam();
  std::vector<std::string> args{"--replay", RecordingDir(c), "--format",
                                c.format,   "--color",       "never"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  CommandResult r = RunSockscope(args);
  ASSERT_FALSE(r.timed_out) << r.Describe();
  std::string got = Transcript(r);
  if (UpdatingGoldens()) {
    WriteFile(GoldenPath(c), got);
    return;
  }
  std::string want = ReadFileOrEmpty(GoldenPath(c));
  ASSERT_FALSE(want.empty()) << GoldenPath(c) << " is missing: make goldens (tests/cli/README.md)";
  EXPECT_EQ(got, want) << "replay of " << RecordingDir(c) << " differs from " << GoldenPath(c)
                       << "; if the change is intended: make goldens";
}

std::string CaseName(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string n = info.param.world + "_" + info.param.name + "_" + info.param.format;
  for (char& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Worlds, Golden, ::testing::ValuesIn(LoadGoldenCases()), CaseName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Golden);

// Every world of the issue has a recording, and every recording a golden.
TEST(GoldenTier, EveryWorldIsRecorded) {
  auto cases = LoadGoldenCases();
  for (const char* world :
       {"healthy", "unaccepted", "accept-queue-full", "backlog-capped", "close-wait", "syn-recv",
        "accept-queue-high", "syncookies", "slow-reader", "pile-up", "udp-drops", "udp-send-errors",
        "time-wait", "ephemeral-ports", "connect-stuck", "no-netlink"}) {
    bool found = false;
    for (const auto& c : cases) found = found || c.world == world;
    EXPECT_TRUE(found) << "no recording of world " << world
                       << " (sudo scripts/record-worlds.sh build " << world << ")";
  }
}

}  // namespace
}  // namespace sockscope::testing
