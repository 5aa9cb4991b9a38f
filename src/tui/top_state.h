// TopState: what `sockscope top` remembers between frames (the last sample,
// queue history, sort, filter, pause, help) and how keys change it. It turns
// into a TopModel for RenderFrame. No curses and no clock of its own: the
// loop passes keys as the codes below and the current time, so tests drive
// it directly. Not thread-safe: the UI thread owns it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "filter/filter.h"
#include "tui/queue_history.h"
#include "tui/sample.h"
#include "tui/top_model.h"

namespace sockscope::tui {

// Key codes besides printable ASCII (the terminal session translates).
constexpr int kKeyEnter = '\n';
constexpr int kKeyEscape = 27;
constexpr int kKeyClearLine = 21;  // Ctrl-U
constexpr int kKeyBackspace = 0x7f;
constexpr int kKeyResize = 0x1000;
constexpr int kKeyOther = 0x1001;  // anything else: ignored

enum class KeyResult { kNone, kRedraw, kQuit };

struct TopSettings {
  std::chrono::nanoseconds interval{std::chrono::seconds(1)};
  bool show_netns = false;  // -N: netns column
  bool unicode = false;     // the screen can draw UTF-8
};

class TopState {
 public:
  explicit TopState(TopSettings settings) : settings_(settings) {}

  // Takes a newer sample: rows, rates and findings come from it, and the
  // queue history grows by one. Ignored while paused.
  void Ingest(Sample sample);
  KeyResult HandleKey(int key);
  TopModel BuildModel(std::chrono::steady_clock::time_point now, bool collection_late) const;

  bool paused() const { return paused_; }
  const QueueHistory& history() const { return history_; }

 private:
  KeyResult HandleEditKey(int key);
  // Parses edit_text_; on success it becomes the filter and editing ends.
  void ApplyEdit();

  TopSettings settings_;
  std::optional<Sample> sample_;
  std::vector<std::optional<uint64_t>> drops_deltas_;  // aligned with current->listeners
  QueueHistory history_;
  SortMode sort_ = SortMode::kQueueFill;
  std::optional<filter::Filter> filter_;
  std::string filter_text_;
  bool editing_ = false;
  std::string edit_text_;
  std::string filter_error_;
  bool paused_ = false;
  bool help_ = false;
};

}  // namespace sockscope::tui
