#include "collect/region_refresh.h"

#include <algorithm>
#include <iterator>

#include "collect/listeners.h"

namespace sockscope::collect {

void MergeRefresh(model::Snapshot& base, model::Snapshot fresh,
                  const SocketSelection& fresh_selection) {
  auto& sockets = base.sockets;
  sockets.erase(std::remove_if(sockets.begin(), sockets.end(),
                               [&](const model::Socket& s) { return fresh_selection.Admits(s); }),
                sockets.end());
  sockets.insert(sockets.end(), std::make_move_iterator(fresh.sockets.begin()),
                 std::make_move_iterator(fresh.sockets.end()));
  for (auto& ns : fresh.namespaces) {
    if (!ns.counters_ok) continue;
    auto it = std::find_if(base.namespaces.begin(), base.namespaces.end(),
                           [&](const model::NetnsData& b) { return b.inode == ns.inode; });
    if (it == base.namespaces.end())
      base.namespaces.push_back(std::move(ns));
    else
      *it = std::move(ns);
  }
  for (auto& src : fresh.sources) {
    // One entry per source and namespace, with the worse status of the two
    // reads (kOk < kFellBack < kFailed): a re-read that failed is missing data.
    auto it = std::find_if(base.sources.begin(), base.sources.end(), [&](const auto& b) {
      return b.source == src.source && b.netns == src.netns;
    });
    if (it == base.sources.end())
      base.sources.push_back(std::move(src));
    else if (src.status > it->status)
      *it = std::move(src);
  }
  for (auto& n : fresh.notes) {
    // The same fallback seen again is one note, not two.
    bool seen = std::any_of(base.notes.begin(), base.notes.end(), [&](const model::Note& b) {
      return b.level == n.level && b.source == n.source && b.message == n.message;
    });
    if (!seen) base.notes.push_back(std::move(n));
  }
  base.taken_at = fresh.taken_at;
  base.monotonic_at = fresh.monotonic_at;
  base.listeners = DeriveListeners(base);
}

}  // namespace sockscope::collect
