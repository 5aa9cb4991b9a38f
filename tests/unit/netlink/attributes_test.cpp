// The bounded attribute walker: every length is checked before use.
#include "netlink/attributes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakes/fake_netlink.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;

std::vector<uint16_t> Types(netlink::AttributeWalker& walker) {
  std::vector<uint16_t> out;
  netlink::Attribute attr;
  while (walker.Next(attr)) out.push_back(attr.type);
  return out;
}

TEST(AttributeWalker, WalksPaddedAttributes) {
  std::vector<uint8_t> bytes;
  AppendAttribute(bytes, 1, std::vector<uint8_t>{0xaa});           // padded to 8
  AppendAttribute(bytes, 2, std::vector<uint8_t>{1, 2, 3, 4, 5});  // padded to 12
  AppendAttribute(bytes, 3, std::vector<uint8_t>{});
  netlink::AttributeWalker walker(bytes);
  netlink::Attribute attr;
  ASSERT_TRUE(walker.Next(attr));
  EXPECT_EQ(attr.type, 1);
  ASSERT_EQ(attr.payload.size(), 1u);
  EXPECT_EQ(attr.payload[0], 0xaa);
  ASSERT_TRUE(walker.Next(attr));
  EXPECT_EQ(attr.type, 2);
  EXPECT_EQ(attr.payload.size(), 5u);
  ASSERT_TRUE(walker.Next(attr));
  EXPECT_EQ(attr.type, 3);
  EXPECT_TRUE(attr.payload.empty());
  EXPECT_FALSE(walker.Next(attr));
  EXPECT_FALSE(walker.failed());
}

TEST(AttributeWalker, EmptyInputIsNotAnError) {
  netlink::AttributeWalker walker({});
  EXPECT_TRUE(Types(walker).empty());
  EXPECT_FALSE(walker.failed());
}

TEST(AttributeWalker, LastAttributeMayLackPadding) {
  std::vector<uint8_t> bytes;
  AppendRawAttribute(bytes, 5, 7, std::vector<uint8_t>{9});
  netlink::AttributeWalker walker(bytes);
  EXPECT_EQ(Types(walker), std::vector<uint16_t>{7});
  EXPECT_FALSE(walker.failed());
}

TEST(AttributeWalker, FlagBitsAreMaskedFromTheType) {
  std::vector<uint8_t> bytes;
  AppendAttribute(bytes, 0x8000 | 0x4000 | 5, std::vector<uint8_t>{});
  netlink::AttributeWalker walker(bytes);
  EXPECT_EQ(Types(walker), std::vector<uint16_t>{5});
}

TEST(AttributeWalker, LengthsBelowTheHeaderOrBeyondTheBufferFail) {
  for (uint16_t claimed : {0, 1, 3, 13, 0xffff}) {
    std::vector<uint8_t> bytes;
    AppendAttribute(bytes, 1, std::vector<uint8_t>{1, 2, 3, 4});
    AppendRawAttribute(bytes, claimed, 2, std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8});
    netlink::AttributeWalker walker(bytes);
    EXPECT_EQ(Types(walker), std::vector<uint16_t>{1}) << claimed;
    ASSERT_TRUE(walker.failed()) << claimed;
    EXPECT_EQ(walker.error().kind, base::ErrorKind::kMalformed);
    EXPECT_THAT(walker.error().message, HasSubstr("offset 8")) << claimed;
  }
}

TEST(AttributeWalker, TrailingBytesTooShortForAHeaderFail) {
  std::vector<uint8_t> bytes;
  AppendAttribute(bytes, 1, std::vector<uint8_t>{1, 2, 3, 4});
  bytes.insert(bytes.end(), {1, 2, 3});
  netlink::AttributeWalker walker(bytes);
  EXPECT_EQ(Types(walker), std::vector<uint16_t>{1});
  EXPECT_TRUE(walker.failed());
  netlink::Attribute attr;
  EXPECT_FALSE(walker.Next(attr));  // stays failed
}

TEST(ReadScalar, RefusesShortPayloads) {
  uint32_t v = 5;
  std::vector<uint8_t> three{1, 2, 3};
  EXPECT_FALSE(netlink::ReadScalar(std::span<const uint8_t>(three), v));
  EXPECT_EQ(v, 5u);
  std::vector<uint8_t> four{1, 0, 0, 0};
  EXPECT_TRUE(netlink::ReadScalar(std::span<const uint8_t>(four), v));
  EXPECT_EQ(v, 1u);
}

}  // namespace
}  // namespace sockscope::testing
