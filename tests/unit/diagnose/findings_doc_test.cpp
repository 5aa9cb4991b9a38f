// docs/findings.md and the rule table name the same finding ids, in both
// directions: every rule has a section, every section is a rule.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "diagnose/rules.h"

namespace sockscope::diagnose {
namespace {

std::set<std::string> DocumentedIds() {
  std::ifstream in(fmt::format("{}/../../docs/findings.md", SOCKSCOPE_FIXTURES));
  std::stringstream doc;
  doc << in.rdbuf();
  std::set<std::string> ids;
  const std::string text = doc.str();
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

}  // namespace
}  // namespace sockscope::diagnose
