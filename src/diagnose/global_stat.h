// Orphans and TCP memory are host-wide in the kernel (one counter and one
// sysctl for all namespaces: tcp_orphan_count, tcp_memory_allocated,
// net.ipv4.tcp_max_orphans, net.ipv4.tcp_mem), so every namespace reads the
// same numbers. Their rules report once, from the first namespace that has
// them, instead of once per namespace. Pure.
#pragma once

#include <functional>

#include "model/snapshot.h"

namespace sockscope::diagnose {

inline const model::NetnsData* FirstNetnsWith(
    const model::Snapshot& snapshot, const std::function<bool(const model::NetnsData&)>& has) {
  for (const auto& ns : snapshot.namespaces)
    if (has(ns)) return &ns;
  return nullptr;
}

}  // namespace sockscope::diagnose
