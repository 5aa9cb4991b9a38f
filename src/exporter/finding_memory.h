// The exporter's memory of findings, so each finding identity keeps one
// series (render/finding_series.h): an identity seen in the last `hold`
// (10 minutes) but not in this collection is exported with value 0
// (cleared) instead of vanishing, unless its namespace is gone (a namespace
// that disappears leaves no series). Thread-safe: scrapes may call Update
// concurrently.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "render/finding_series.h"

namespace sockscope::exporter {

class FindingMemory {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FindingMemory(Clock::duration hold = std::chrono::minutes(10)) : hold_(hold) {}

  // `current`: the series of this collection's findings; `namespaces`: the
  // namespaces the collection read. Returns them plus the remembered cleared
  // ones (value 0), sorted by identity.
  std::vector<render::FindingSeries> Update(std::vector<render::FindingSeries> current,
                                            const std::set<uint64_t>& namespaces,
                                            Clock::time_point now);

 private:
  using Key = std::tuple<std::string, uint64_t, std::string, std::string>;
  Clock::duration hold_;
  std::mutex mu_;
  std::map<Key, Clock::time_point> last_seen_;
};

}  // namespace sockscope::exporter
