// --record then --replay of the same command, on this machine's own network
// namespace (reading one's own sockets needs no privilege): the replay prints
// byte for byte what the recorded run printed, apart from the measured
// interval between check's samples and rates computed from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "cli/golden_support.h"
#include "kernel/command_support.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sockscope-replay-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void ExpectReplayReproduces(const std::vector<std::string>& args) {
  TempDir dir;
  std::string rec = dir.path() + "/rec";
  std::vector<std::string> record{"--record", rec};
  record.insert(record.end(), args.begin(), args.end());
  CommandResult live = RunSockscope(record);
  ASSERT_FALSE(live.timed_out);
  std::vector<std::string> replay{"--replay", rec};
  replay.insert(replay.end(), args.begin(), args.end());
  CommandResult again = RunSockscope(replay);
  EXPECT_EQ(again.exit_code, live.exit_code) << again.Describe();
  EXPECT_EQ(NormaliseOutput(again.out), NormaliseOutput(live.out));
  EXPECT_EQ(again.err, live.err);
}

TEST(RecordReplay, ReplayReproducesCheckJson) {
  ExpectReplayReproduces({"--format", "json", "check", "--interval", "200ms"});
}

TEST(RecordReplay, ReplayReproducesLsAndListeners) {
  ExpectReplayReproduces({"--format", "json", "ls", "-tuxanp"});
  ExpectReplayReproduces({"--format", "json", "listeners"});
  ExpectReplayReproduces({"--format", "json", "stats"});
}

TEST(RecordReplay, ManifestNamesFormatVersionAndCommand) {
  TempDir dir;
  std::string rec = dir.path() + "/rec";
  ASSERT_FALSE(RunSockscope({"--record", rec, "ls", "-tn"}).timed_out);
  std::string manifest = ReadFileOrEmpty(rec + "/manifest");
  EXPECT_THAT(manifest, HasSubstr("sockscope-recording 1\n"));
  EXPECT_THAT(manifest, HasSubstr("\nsockscope "));
  EXPECT_THAT(manifest, HasSubstr(" ls -tn\n"));
  EXPECT_THAT(manifest, HasSubstr("\ntime 20"));
}

TEST(RecordReplay, RecordingIntoAUsedDirectoryIsRefused) {
  TempDir dir;
  WriteFile(dir.path() + "/something", "x");
  CommandResult r = RunSockscope({"--record", dir.path(), "ls"});
  EXPECT_EQ(r.exit_code, 64) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("not empty"));
}

TEST(RecordReplay, NamespacesAreAUsageError) {
  TempDir dir;
  CommandResult r = RunSockscope({"--record", dir.path() + "/r", "-N", "all", "ls"});
  EXPECT_EQ(r.exit_code, 64) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("--netns"));
}

TEST(RecordReplay, CorruptRecordingIsAClearError) {
  TempDir dir;
  std::string rec = dir.path() + "/rec";
  ASSERT_FALSE(RunSockscope({"--record", rec, "ls", "-tn"}).timed_out);
  std::string nl = ReadFileOrEmpty(rec + "/netlink.rec");
  WriteFile(rec + "/netlink.rec", nl.substr(0, nl.size() / 2) + "\x01");
  CommandResult r = RunSockscope({"--replay", rec, "ls", "-tn"});
  EXPECT_EQ(r.exit_code, 3) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("netlink.rec"));
  CommandResult missing = RunSockscope({"--replay", dir.path() + "/nothing", "ls"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("--replay"));
}

}  // namespace
}  // namespace sockscope::testing
