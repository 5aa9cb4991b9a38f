// A bounded walker over netlink attributes (struct nlattr / rtattr: a 4-byte
// header {u16 len, u16 type} then the payload, each attribute padded to 4).
// Every length is checked before use; a malformed attribute stops the walk
// with an error instead of reading past the buffer. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"

namespace sockscope::netlink {

struct Attribute {
  uint16_t type = 0;  // NLA_TYPE_MASK applied: nested/byte-order flags removed
  std::span<const uint8_t> payload;
};

class AttributeWalker {
 public:
  explicit AttributeWalker(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  // Sets `out` to the next attribute and returns true; false at the end.
  // After false, check error(): set when the bytes were malformed (a length
  // below 4, beyond the buffer, or trailing bytes too short for a header).
  bool Next(Attribute& out);
  bool failed() const { return failed_; }
  base::Error error() const;

 private:
  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
  bool failed_ = false;
  uint32_t bad_length_ = 0;
  size_t bad_offset_ = 0;
};

// Reads a fixed-size scalar payload; false when the payload is shorter.
template <typename T>
bool ReadScalar(std::span<const uint8_t> payload, T& out);

}  // namespace sockscope::netlink

#include <cstring>

namespace sockscope::netlink {
template <typename T>
bool ReadScalar(std::span<const uint8_t> payload, T& out) {
  if (payload.size() < sizeof(T)) return false;
  std::memcpy(&out, payload.data(), sizeof(T));
  return true;
}
}  // namespace sockscope::netlink
