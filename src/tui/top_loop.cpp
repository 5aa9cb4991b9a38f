#include "tui/top_loop.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "tui/render_frame.h"
#include "tui/sampler.h"
#include "tui/stop_signals.h"
#include "tui/terminal_session.h"

namespace sockscope::tui {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kKeyWaitMs = 100;      // how fast a signal or a new sample shows
constexpr auto kAgeRefresh = 250ms;  // redraw this often for the data age

base::Result<int> Loop(const TopSettings& settings, CollectFn collect) {
  ScopedStopSignals signals;
  // Declared before the session so that the terminal is restored first and
  // waiting for a collection to end happens on a normal screen.
  Sampler sampler(std::move(collect), settings.interval);
  auto opened = TerminalSession::Open();
  if (!opened) return opened.error();
  TerminalSession& session = **opened;

  TopState state(settings);
  // Late: no result for twice the interval (at least 2s), so a slow kernel
  // query shows as such instead of as stale numbers.
  auto late_after = std::max<std::chrono::nanoseconds>(2 * settings.interval, 2s);
  bool dirty = true;
  Clock::time_point last_draw{};
  while (true) {
    if (int sig = signals.received()) return 128 + sig;
    if (auto sample = sampler.TakeLatest()) {
      state.Ingest(std::move(*sample));
      dirty = true;
    }
    auto now = Clock::now();
    if (dirty || now - last_draw >= kAgeRefresh) {
      TopModel model = state.BuildModel(now, sampler.CollectingLongerThan(late_after));
      session.Draw(RenderFrame(model, session.width(), session.height()));
      last_draw = now;
      dirty = false;
    }
    int key = session.ReadKey(kKeyWaitMs);
    if (key < 0) continue;
    if (key == kKeyResize) session.Invalidate();
    KeyResult result = state.HandleKey(key);
    if (result == KeyResult::kQuit) return 0;
    sampler.SetPaused(state.paused());
    dirty = dirty || result == KeyResult::kRedraw;
  }
}

}  // namespace

base::Result<int> RunTopLoop(TopSettings settings, CollectFn collect) {
  settings.unicode = settings.unicode && TerminalSession::DrawsUtf8();
  // The session and the worker live inside Loop: by the time an exception
  // reaches this frame the terminal has been restored by their destructors.
  try {
    return Loop(settings, std::move(collect));
  } catch (const std::exception& e) {
    return base::MakeError(base::ErrorKind::kIo, std::string("top: ") + e.what());
  }
}

}  // namespace sockscope::tui
