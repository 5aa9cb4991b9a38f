#include "base/flat_u64_set.h"

#include <unordered_set>

#include <gtest/gtest.h>

namespace sockscope::base {
namespace {

TEST(FlatU64Set, InsertReportsNewKeysOnce) {
  FlatU64Set set(4);
  EXPECT_TRUE(set.Insert(7));
  EXPECT_FALSE(set.Insert(7));
  EXPECT_TRUE(set.Insert(0));
  EXPECT_FALSE(set.Insert(0));
  EXPECT_EQ(set.size(), 2u);
}

TEST(FlatU64Set, AgreesWithUnorderedSetBeyondItsInitialSize) {
  FlatU64Set set(8);  // grows many times
  std::unordered_set<uint64_t> reference;
  uint64_t x = 12345;
  for (int i = 0; i < 50000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t key = x % 20000;  // many repeats
    EXPECT_EQ(set.Insert(key), reference.insert(key).second) << key;
  }
  EXPECT_EQ(set.size(), reference.size());
}

}  // namespace
}  // namespace sockscope::base
