// docs/findings.md and the rule table name the same finding ids, in both
// directions: every rule has a section, every section is a rule; every
// section shows an example, and an example said to be a replay of a recorded
// world (tests/cli) is that world's check output, line for line.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "diagnose/rules.h"

namespace sockscope::diagnose {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string FindingsDoc() {
  return ReadText(fmt::format("{}/../../docs/findings.md", SOCKSCOPE_FIXTURES));
}

std::set<std::string> DocumentedIds() {
  std::set<std::string> ids;
  const std::string text = FindingsDoc();
  static const std::regex kHeading("\n### `([a-z0-9-]+)`");
  for (std::sregex_iterator it(text.begin(), text.end(), kHeading), end; it != end; ++it)
    ids.insert((*it)[1]);
  return ids;
}

TEST(FindingsDoc, EveryRuleIsDocumentedAndEverySectionIsARule) {
  auto documented = DocumentedIds();
  ASSERT_FALSE(documented.empty()) << "docs/findings.md not found or without sections";
  std::set<std::string> rules;
  for (const auto& r : Rules()) rules.insert(std::string(r.id));
  for (const auto& id : rules) EXPECT_EQ(documented.count(id), 1u) << id << " has no section";
  for (const auto& id : documented) EXPECT_EQ(rules.count(id), 1u) << id << " is not a rule";
}

// The text of each finding's section, by id.
std::vector<std::pair<std::string, std::string>> Sections(const std::string& doc) {
  std::vector<std::pair<std::string, std::string>> out;
  static const std::regex kHeading("\n### `([a-z0-9-]+)`");
  std::vector<std::pair<std::string, size_t>> starts;
  for (std::sregex_iterator it(doc.begin(), doc.end(), kHeading), end; it != end; ++it)
    starts.emplace_back((*it)[1], size_t(it->position()));
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t stop =
        i + 1 < starts.size() ? starts[i + 1].second : doc.find("\n## ", starts[i].second);
    out.emplace_back(starts[i].first, doc.substr(starts[i].second, stop - starts[i].second));
  }
  return out;
}

// Seconds and rates vary between replays of one recording (the goldens keep
// them as '#'): compare without them.
std::string WithoutTimings(const std::string& line) {
  static const std::regex kSeconds(R"re(\b(interval_seconds|per_second)=[0-9.eE+-]+)re");
  static const std::regex kRate(R"re(in [0-9]+\.[0-9]s \([0-9]+(\.[0-9])?/s\))re");
  return std::regex_replace(std::regex_replace(line, kSeconds, "$1=#"), kRate, "in #s (#/s)");
}

TEST(FindingsDoc, EveryFindingHasAnExampleAndReplayedOnesAreTheGoldens) {
  const std::string doc = FindingsDoc();
  auto sections = Sections(doc);
  ASSERT_FALSE(sections.empty());
  static const std::regex kExample("\nExample \\(([^\n]*)\\):\n```\n([\\s\\S]*?)```");
  static const std::regex kWorld("`tests/cli` world `([a-z0-9-]+)`");
  for (const auto& [id, text] : sections) {
    size_t examples = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), kExample), end; it != end; ++it) {
      ++examples;
      const std::string what = (*it)[1];
      const std::string block = (*it)[2];
      EXPECT_NE(block.find("[" + id + "]"), std::string::npos)
          << id << ": its example does not show the finding";
      std::smatch world;
      if (!std::regex_search(what, world, kWorld)) {
        // Not a replay: it must say where it was captured.
        EXPECT_NE(what.find("captured"), std::string::npos)
            << id << ": an example is either a replayed world or says where it was captured";
        continue;
      }
      const std::string golden = WithoutTimings(ReadText(
          fmt::format("{}/../cli/goldens/{}/check.table", SOCKSCOPE_FIXTURES, world[1].str())));
      ASSERT_FALSE(golden.empty()) << id << ": no golden for world " << world[1];
      std::istringstream lines(block);
      for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        EXPECT_NE(golden.find(WithoutTimings(line)), std::string::npos)
            << id << ": example line not in the replay of world " << world[1] << ":\n"
            << line;
      }
    }
    EXPECT_GT(examples, 0u) << id << " has no example output";
  }
}

}  // namespace
}  // namespace sockscope::diagnose
