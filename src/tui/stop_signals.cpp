#include "tui/stop_signals.h"

namespace sockscope::tui {
namespace {

volatile std::sig_atomic_t g_received = 0;

extern "C" void OnStopSignal(int sig) { g_received = sig; }

}  // namespace

ScopedStopSignals::ScopedStopSignals() {
  g_received = 0;
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART: a blocking read returns EINTR and the loop looks at once.
  sa.sa_flags = 0;
  for (size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &sa, &old_[i]);
}

ScopedStopSignals::~ScopedStopSignals() {
  for (size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &old_[i], nullptr);
}

int ScopedStopSignals::received() const { return g_received; }

}  // namespace sockscope::tui
