#include "tui/sort_rows.h"

#include <algorithm>
#include <tuple>

namespace sockscope::tui {
namespace {

// Queue pressure: how full the accept queue is, then half-open requests, then
// raw length (a queue whose max is unknown has a fill of 0 or 1 only).
int ComparePressure(const ListenerRow& a, const ListenerRow& b) {
  const auto& x = a.listener;
  const auto& y = b.listener;
  if (x.Fill() != y.Fill()) return x.Fill() > y.Fill() ? -1 : 1;
  if (x.syn_recv != y.syn_recv) return x.syn_recv > y.syn_recv ? -1 : 1;
  if (x.accept_queue_len != y.accept_queue_len)
    return x.accept_queue_len > y.accept_queue_len ? -1 : 1;
  return 0;
}

bool PortLess(const ListenerRow& a, const ListenerRow& b) {
  const auto& x = a.listener;
  const auto& y = b.listener;
  return std::tie(x.local.port, x.local.addr.family, x.local.addr.bytes, x.netns, x.inode) <
         std::tie(y.local.port, y.local.addr.family, y.local.addr.bytes, y.netns, y.inode);
}

uint64_t DropsKey(const ListenerRow& r) { return r.drops_delta.value_or(0); }

}  // namespace

std::string_view SortModeName(SortMode mode) {
  switch (mode) {
    case SortMode::kQueueFill:
      return "queue fill";
    case SortMode::kSynRecv:
      return "SYN-RECV";
    case SortMode::kDrops:
      return "drops";
    case SortMode::kPort:
      return "port";
  }
  return "queue fill";
}

SortMode NextSortMode(SortMode mode) {
  switch (mode) {
    case SortMode::kQueueFill:
      return SortMode::kSynRecv;
    case SortMode::kSynRecv:
      return SortMode::kDrops;
    case SortMode::kDrops:
      return SortMode::kPort;
    case SortMode::kPort:
      return SortMode::kQueueFill;
  }
  return SortMode::kQueueFill;
}

void SortRows(std::vector<const ListenerRow*>& rows, SortMode mode) {
  auto less = [mode](const ListenerRow* a, const ListenerRow* b) {
    switch (mode) {
      case SortMode::kQueueFill:
        break;
      case SortMode::kSynRecv:
        if (a->listener.syn_recv != b->listener.syn_recv)
          return a->listener.syn_recv > b->listener.syn_recv;
        break;
      case SortMode::kDrops:
        // Drops during the last interval first: they are happening now.
        if (DropsKey(*a) != DropsKey(*b)) return DropsKey(*a) > DropsKey(*b);
        if (a->listener.drops != b->listener.drops) return a->listener.drops > b->listener.drops;
        break;
      case SortMode::kPort:
        return PortLess(*a, *b);
    }
    int c = ComparePressure(*a, *b);
    if (c != 0) return c < 0;
    return PortLess(*a, *b);
  };
  std::stable_sort(rows.begin(), rows.end(), less);
}

}  // namespace sockscope::tui
