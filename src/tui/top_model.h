// TopModel: everything one frame of `sockscope top` shows, as plain values.
// RenderFrame (render_frame.h) turns it into text lines; TopState
// (top_state.h) builds it from samples and key presses. Keeping the model a
// value lets tests build any screen by hand, without a terminal or a kernel.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diagnose/finding.h"
#include "model/listener.h"
#include "model/socket.h"

namespace sockscope::tui {

// Row orders the `s` key cycles through, in this order.
enum class SortMode : uint8_t { kQueueFill, kSynRecv, kDrops, kPort };

struct ListenerRow {
  model::Listener listener;
  std::vector<uint32_t> history;        // accept-queue lengths, oldest first, at most 60
  std::optional<uint64_t> drops_delta;  // sk_drops growth since the previous sample
  // With -N: what the NETNS column shows: the container id (twelve
  // characters, as docker ps), else the /run/netns name, else the inode.
  std::string netns_label;
};

// TCP sockets per state (index: model::State value).
struct StateCounts {
  std::array<uint64_t, model::kMaxState + 1> by_state{};
  uint64_t Count(model::State s) const { return by_state[static_cast<size_t>(s)]; }
};

// Per-second growth of the TcpExt counters, summed over the namespaces seen
// in both samples. nullopt until there are two samples.
struct CounterRates {
  std::optional<double> listen_overflows;
  std::optional<double> listen_drops;
  std::optional<double> syncookies_sent;
};

struct TopModel {
  std::vector<ListenerRow> listeners;  // after the filter, in no particular order
  size_t listeners_total = 0;          // before the filter
  StateCounts states;
  CounterRates rates;
  std::vector<diagnose::Finding> findings;  // worst first
  std::vector<std::string> notes;           // collection warnings and errors, raw text

  bool has_data = false;  // false until the first collection ends
  std::chrono::nanoseconds interval{std::chrono::seconds(1)};
  std::chrono::nanoseconds data_age{0};  // time since the shown data was collected
  bool collection_late = false;          // a collection runs for longer than expected

  SortMode sort = SortMode::kQueueFill;
  std::string filter_text;      // the filter in force ("" for none)
  bool editing_filter = false;  // the line editor is open
  std::string edit_text;        // what the editor holds
  std::string filter_error;     // parse error of the last Enter (may span lines)
  bool paused = false;
  bool show_help = false;

  bool show_netns = false;  // -N given: a netns column
  bool unicode = false;     // Unicode blocks allowed (UTF-8 locale and screen)
};

}  // namespace sockscope::tui
