#include "model/counters.h"

#include <functional>
#include <mutex>
#include <unordered_set>

namespace sockscope::model {
namespace {

struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
};

}  // namespace

std::string_view InternCounterName(std::string_view name) {
  static std::mutex mutex;
  // Node-based: a stored name's characters never move.
  static std::unordered_set<std::string, NameHash, std::equal_to<>> names;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = names.find(name);
  if (it == names.end()) it = names.emplace(name).first;
  return *it;
}

}  // namespace sockscope::model
