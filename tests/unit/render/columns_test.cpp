// docs/cli.md's "Table columns" and src/render/columns.h name the same
// headings, both ways.
#include "render/columns.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace sockscope::render {
namespace {

std::set<std::string> DocumentedHeadings() {
  std::ifstream in(fmt::format("{}/../../docs/cli.md", SOCKSCOPE_FIXTURES));
  EXPECT_TRUE(in) << "docs/cli.md not found";
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const size_t start = text.find("## Table columns");
  const size_t end = text.find("\n## ", start + 1);
  EXPECT_NE(start, std::string::npos) << "docs/cli.md has no \"Table columns\" section";
  const std::string section = text.substr(start, end - start);
  static const std::regex kRow("\n\\| `([^`]+)` \\|");
  std::set<std::string> headings;
  for (std::sregex_iterator it(section.begin(), section.end(), kRow), stop; it != stop; ++it)
    headings.insert((*it)[1]);
  return headings;
}

TEST(Columns, EveryHeadingIsDocumented) {
  const auto documented = DocumentedHeadings();
  for (const auto& c : AllColumns())
    EXPECT_EQ(documented.count(std::string(c.heading)), 1u) << c.heading;
}

TEST(Columns, EveryDocumentedHeadingExists) {
  std::set<std::string> defined;
  for (const auto& c : AllColumns()) defined.insert(std::string(c.heading));
  const auto documented = DocumentedHeadings();
  for (const auto& h : documented) EXPECT_EQ(defined.count(h), 1u) << h << " is documented only";
  EXPECT_GT(documented.size(), 15u);
}

TEST(Columns, HeadingsAreUnique) {
  std::set<std::string_view> seen;
  for (const auto& c : AllColumns()) EXPECT_TRUE(seen.insert(c.heading).second) << c.heading;
}

}  // namespace
}  // namespace sockscope::render
