#include "tui/top_state.h"

#include <gtest/gtest.h>

#include "tui/render_frame.h"
#include "tui_test_util.h"

namespace sockscope::tui {
namespace {

using testing::FindLine;
using testing::MakeListener;
using Clock = std::chrono::steady_clock;

Sample MakeSample(std::vector<model::Listener> listeners, Clock::time_point at,
                  std::shared_ptr<const model::Snapshot> previous = nullptr) {
  auto snap = std::make_shared<model::Snapshot>();
  snap->monotonic_at = at;
  snap->listeners = std::move(listeners);
  return Sample{std::move(previous), std::move(snap), {}};
}

void Type(TopState& state, const std::string& text) {
  for (char c : text) state.HandleKey(c);
}

TEST(TopState, QuitAndSortKeys) {
  TopState state({});
  EXPECT_EQ(state.HandleKey('q'), KeyResult::kQuit);
  auto now = Clock::now();
  EXPECT_EQ(state.BuildModel(now, false).sort, SortMode::kQueueFill);
  state.HandleKey('s');
  EXPECT_EQ(state.BuildModel(now, false).sort, SortMode::kSynRecv);
  state.HandleKey('s');
  state.HandleKey('s');
  EXPECT_EQ(state.BuildModel(now, false).sort, SortMode::kPort);
  state.HandleKey('s');
  EXPECT_EQ(state.BuildModel(now, false).sort, SortMode::kQueueFill);
}

TEST(TopState, IngestBuildsRowsHistoryAndDropDeltas) {
  TopState state({});
  auto t0 = Clock::now();
  auto l = MakeListener("127.0.0.1", 8080, 1, 4);
  l.drops = 10;
  auto first = MakeSample({l}, t0);
  auto prev = first.current;
  state.Ingest(std::move(first));
  l.accept_queue_len = 3;
  l.drops = 15;
  state.Ingest(MakeSample({l}, t0 + std::chrono::seconds(1), prev));
  TopModel m = state.BuildModel(t0 + std::chrono::milliseconds(1500), false);
  ASSERT_EQ(m.listeners.size(), 1u);
  EXPECT_EQ(m.listeners[0].history, (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(m.listeners[0].drops_delta, 5u);
  EXPECT_EQ(m.data_age, std::chrono::milliseconds(500));
  EXPECT_TRUE(m.has_data);
}

TEST(TopState, PauseFreezesTheData) {
  TopState state({});
  auto t0 = Clock::now();
  state.Ingest(MakeSample({MakeListener("127.0.0.1", 80, 1, 4)}, t0));
  state.HandleKey('p');
  state.Ingest(MakeSample({MakeListener("127.0.0.1", 80, 2, 4)}, t0));
  TopModel m = state.BuildModel(t0, false);
  EXPECT_TRUE(m.paused);
  EXPECT_EQ(m.listeners[0].listener.accept_queue_len, 1u);
  state.HandleKey('p');
  state.Ingest(MakeSample({MakeListener("127.0.0.1", 80, 2, 4)}, t0));
  EXPECT_EQ(state.BuildModel(t0, false).listeners[0].history, (std::vector<uint32_t>{1, 2}));
}

TEST(TopState, FilterKeepsMatchingListeners) {
  TopState state({});
  auto t0 = Clock::now();
  state.Ingest(
      MakeSample({MakeListener("127.0.0.1", 80, 0, 4), MakeListener("127.0.0.1", 8080, 0, 4)}, t0));
  state.HandleKey('/');
  Type(state, "sport = :8080");
  EXPECT_TRUE(state.BuildModel(t0, false).editing_filter);
  state.HandleKey(kKeyEnter);
  TopModel m = state.BuildModel(t0, false);
  EXPECT_FALSE(m.editing_filter);
  EXPECT_EQ(m.filter_text, "sport = :8080");
  ASSERT_EQ(m.listeners.size(), 1u);
  EXPECT_EQ(m.listeners[0].listener.local.port, 8080);
  EXPECT_EQ(m.listeners_total, 2u);
  // An empty filter shows everything again.
  state.HandleKey('/');
  state.HandleKey(kKeyClearLine);
  state.HandleKey(kKeyEnter);
  EXPECT_EQ(state.BuildModel(t0, false).listeners.size(), 2u);
}

TEST(TopState, ParseErrorKeepsTheEditorOpen) {
  TopState state({});
  state.HandleKey('/');
  Type(state, "sport = :80x");
  state.HandleKey(kKeyEnter);
  TopModel m = state.BuildModel(Clock::now(), false);
  EXPECT_TRUE(m.editing_filter);
  EXPECT_NE(m.filter_error.find("filter:"), std::string::npos) << m.filter_error;
  EXPECT_EQ(m.filter_text, "");
  auto lines = RenderFrame(m, 80, 24);
  EXPECT_NE(FindLine(lines, "filter:"), -1);
  // Fixing the text and pressing Enter again applies it.
  state.HandleKey(kKeyBackspace);
  state.HandleKey(kKeyEnter);
  m = state.BuildModel(Clock::now(), false);
  EXPECT_FALSE(m.editing_filter);
  EXPECT_EQ(m.filter_text, "sport = :80");
  // Keys typed in the editor are text, not commands.
  state.HandleKey('/');
  EXPECT_EQ(state.HandleKey('q'), KeyResult::kRedraw);
  state.HandleKey(kKeyEscape);
  m = state.BuildModel(Clock::now(), false);
  EXPECT_FALSE(m.editing_filter);
  EXPECT_EQ(m.filter_text, "sport = :80");  // Esc keeps the filter in force
}

TEST(TopState, HelpToggles) {
  TopState state({});
  state.HandleKey('?');
  EXPECT_TRUE(state.BuildModel(Clock::now(), false).show_help);
  state.HandleKey(kKeyEscape);
  EXPECT_FALSE(state.BuildModel(Clock::now(), false).show_help);
}

}  // namespace
}  // namespace sockscope::tui
