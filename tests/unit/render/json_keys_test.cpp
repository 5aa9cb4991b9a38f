// docs/json.md and src/render/json_keys.h name the same keys, both ways.
#include "render/json_keys.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace sockscope::render {
namespace {

// The first column of docs/json.md's key table: "| `key` |".
std::set<std::string> DocumentedKeys() {
  std::ifstream in(fmt::format("{}/../../docs/json.md", SOCKSCOPE_FIXTURES));
  EXPECT_TRUE(in) << "docs/json.md not found";
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  static const std::regex kRow("\n\\| `([a-z0-9_]+)` \\|");
  std::set<std::string> keys;
  for (std::sregex_iterator it(text.begin(), text.end(), kRow), end; it != end; ++it)
    keys.insert((*it)[1]);
  return keys;
}

TEST(JsonKeys, EveryKeyIsDocumented) {
  const auto documented = DocumentedKeys();
  for (std::string_view key : AllJsonKeys())
    EXPECT_EQ(documented.count(std::string(key)), 1u)
        << key << " is written but not in docs/json.md";
}

TEST(JsonKeys, EveryDocumentedKeyIsWritten) {
  const auto documented = DocumentedKeys();
  std::set<std::string> registered;
  for (std::string_view key : AllJsonKeys()) registered.insert(std::string(key));
  for (const auto& key : documented)
    EXPECT_EQ(registered.count(key), 1u) << key << " is in docs/json.md but no renderer writes it";
  EXPECT_GT(documented.size(), 50u);
}

TEST(JsonKeys, SortedAndUnique) {
  auto keys = AllJsonKeys();
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}

}  // namespace
}  // namespace sockscope::render
