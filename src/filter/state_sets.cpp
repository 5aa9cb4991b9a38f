#include "filter/state_sets.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace sockscope::filter {
namespace {

// Names ss accepts beyond model::ParseStateName (which knows the kernel's
// spelling: ESTABLISHED, SYN-RECV, CLOSE, LISTEN, ...).
constexpr std::array<std::pair<std::string_view, StateMask>, 10> kExtraNames = {{
    {"all", kAllStateSet},
    {"connected", kConnectedSet},
    {"synchronized", kSynchronizedSet},
    {"bucket", kBucketSet},
    {"big", kBigSet},
    {"closed", StateBit(State::kClose)},
    {"unconnected", StateBit(State::kClose)},
    {"listening", StateBit(State::kListen)},
    {"syn-rcv", kSynRecvBits},
    {"unconn", StateBit(State::kClose)},
}};

}  // namespace

std::optional<StateMask> ParseStateSet(std::string_view name) {
  if (name.empty() || name.size() > 32) return std::nullopt;
  std::string norm;
  for (char c : name) {
    norm += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const auto& [known, mask] : kExtraNames) {
    if (norm == known) return mask;
  }
  if (auto state = model::ParseStateName(norm)) {
    return NormalizeStateMask(StateBit(*state));
  }
  return std::nullopt;
}

}  // namespace sockscope::filter
