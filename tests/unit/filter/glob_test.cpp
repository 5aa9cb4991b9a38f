#include "filter/glob.h"

#include <gtest/gtest.h>

#include <string>

namespace sockscope::filter {
namespace {

TEST(Glob, MatchesLiteralsStarsAndQuestionMarks) {
  EXPECT_TRUE(GlobMatch("/run/docker.sock", "/run/docker.sock"));
  EXPECT_FALSE(GlobMatch("/run/docker.sock", "/run/docker.sock2"));
  EXPECT_TRUE(GlobMatch("/run/*", "/run/user/1000/bus"));
  EXPECT_TRUE(GlobMatch("*.sock", "/var/run/x.sock"));
  EXPECT_FALSE(GlobMatch("*.sock", "/var/run/x.socket"));
  EXPECT_TRUE(GlobMatch("/var/lib/app/?", "/var/lib/app/a"));
  EXPECT_FALSE(GlobMatch("/var/lib/app/?", "/var/lib/app/ab"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("", ""));
  EXPECT_FALSE(GlobMatch("", "x"));
  EXPECT_TRUE(GlobMatch("@*", "@/var/lib/app/.X11-unix/X0"));
  EXPECT_TRUE(GlobMatch("a*b*c", "axxbyyc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "axxbyy"));
}

TEST(Glob, StaysFastOnPathologicalPatterns) {
  std::string text(20000, 'a');
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "b";
  EXPECT_FALSE(GlobMatch(pattern, text));
}

}  // namespace
}  // namespace sockscope::filter
