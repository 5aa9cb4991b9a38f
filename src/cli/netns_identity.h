// Container and pod of each namespace in the output of -N runs: "container"
// and "pod" JSON fields next to every "netns" field, and Container / Pod
// table columns when any namespace has one.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "collect/netns_targets.h"

namespace sockscope::cli {

class NetnsIdentities {
 public:
  // targets: the holder's (null without -N: everything here is a no-op).
  explicit NetnsIdentities(const collect::NetnsTargets* targets);

  bool active() const { return active_; }
  bool any_container() const { return any_container_; }
  bool any_pod() const { return any_pod_; }

  // After every `{"netns":"N"` in json[from..] (the first field of socket and
  // listener objects) inserts "container" and "pod" (null when unknown).
  void AddJsonFields(std::string& json, size_t from = 0) const;

  // Prepends Container and Pod columns (those with any value) to a rendered
  // table: the header line when header, then one line per row (row_netns)
  // plus one untouched-content line for rows with a trailer.
  void AddTableColumns(std::string& table, bool header, const std::vector<uint64_t>& row_netns,
                       const std::vector<bool>& row_trailer) const;

 private:
  const collect::ContainerIdentity* Find(uint64_t netns) const;
  bool active_ = false;
  bool any_container_ = false;
  bool any_pod_ = false;
  std::unordered_map<uint64_t, collect::ContainerIdentity> by_netns_;
};

}  // namespace sockscope::cli
