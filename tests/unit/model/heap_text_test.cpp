// HeapText: a string on the heap only when not empty, with std::string's
// value semantics for the part of its interface Socket uses.
#include "model/heap_text.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>

namespace sockscope::model {
namespace {

TEST(HeapText, EmptyUntilSetAndEmptyAgainWhenSetToNothing) {
  HeapText t;
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t, "");
  t = "/run/app.sock";
  EXPECT_FALSE(t.empty());
  EXPECT_EQ(t.size(), 13u);
  EXPECT_EQ(t, "/run/app.sock");
  t.assign("", 0);
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t.view().data(), std::string_view().data()) << "nothing held";
}

TEST(HeapText, AppendBuildsAnAbstractNameAndCopiesAreDeep) {
  HeapText t;
  t = "@";
  const std::string name = "bus";
  t.append(name.data(), name.size());
  EXPECT_EQ(t, "@bus");
  HeapText copy = t;
  copy.append("x", 1);
  EXPECT_EQ(t, "@bus") << "the copy has its own text";
  EXPECT_EQ(copy, "@busx");
  HeapText moved = std::move(copy);
  EXPECT_EQ(moved, "@busx");
  std::ostringstream out;
  out << moved;
  EXPECT_EQ(out.str(), "@busx");
}

TEST(HeapText, KeepsEveryByteOfAHostileName) {
  const std::string bytes("a\0b\x1b[31m\xff", 9);
  HeapText t;
  t.assign(bytes.data(), bytes.size());
  EXPECT_EQ(t.size(), 9u);
  EXPECT_EQ(std::string(t.view()), bytes);
}

}  // namespace
}  // namespace sockscope::model
