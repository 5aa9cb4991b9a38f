#include "netlink/attributes.h"

#include <cstring>

#include <fmt/format.h>

namespace sockscope::netlink {
namespace {
constexpr size_t kHeader = 4;
constexpr uint16_t kTypeMask = 0x3fff;  // NLA_TYPE_MASK: drops NLA_F_NESTED, NLA_F_NET_BYTEORDER
size_t Align4(size_t n) { return (n + 3) & ~size_t{3}; }
}  // namespace

bool AttributeWalker::Next(Attribute& out) {
  if (failed_ || offset_ >= bytes_.size()) return false;
  size_t left = bytes_.size() - offset_;
  if (left < kHeader) {
    failed_ = true;
    bad_length_ = static_cast<uint32_t>(left);
    bad_offset_ = offset_;
    return false;
  }
  uint16_t len;
  uint16_t type;
  std::memcpy(&len, bytes_.data() + offset_, 2);
  std::memcpy(&type, bytes_.data() + offset_ + 2, 2);
  if (len < kHeader || len > left) {
    failed_ = true;
    bad_length_ = len;
    bad_offset_ = offset_;
    return false;
  }
  out.type = type & kTypeMask;
  out.payload = bytes_.subspan(offset_ + kHeader, len - kHeader);
  offset_ += std::min(Align4(len), left);
  return true;
}

base::Error AttributeWalker::error() const {
  return base::MakeError(base::ErrorKind::kMalformed,
                         fmt::format("malformed attribute at offset {}: length {} with {} bytes "
                                     "left",
                                     bad_offset_, bad_length_, bytes_.size() - bad_offset_));
}

}  // namespace sockscope::netlink
