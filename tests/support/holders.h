// The holders OwnerIndex::Find gives, as a vector a test can compare.
#pragma once

#include <span>
#include <vector>

#include "model/owner.h"

namespace sockscope::test {

inline std::vector<model::Owner> Holders(std::span<const model::Owner> owners) {
  return {owners.begin(), owners.end()};
}

}  // namespace sockscope::test
