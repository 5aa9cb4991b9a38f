#include "exporter/finding_memory.h"

#include <algorithm>

namespace sockscope::exporter {

std::vector<render::FindingSeries> FindingMemory::Update(std::vector<render::FindingSeries> current,
                                                         const std::set<uint64_t>& namespaces,
                                                         Clock::time_point now) {
  std::lock_guard lock(mu_);
  std::set<Key> present;
  for (const auto& s : current) {
    Key k{s.id, s.netns, s.address, s.port};
    last_seen_[k] = now;
    present.insert(std::move(k));
  }
  for (auto it = last_seen_.begin(); it != last_seen_.end();) {
    const auto& [id, netns, address, port] = it->first;
    const bool namespace_gone = netns != 0 && namespaces.count(netns) == 0;
    if (namespace_gone || now - it->second > hold_) {
      it = last_seen_.erase(it);
      continue;
    }
    if (present.count(it->first) == 0) current.push_back({id, netns, address, port, 0});
    ++it;
  }
  std::sort(current.begin(), current.end(),
            [](const auto& a, const auto& b) { return a.Key() < b.Key(); });
  return current;
}

}  // namespace sockscope::exporter
