// Header of the top frame: what is shown, how fresh it is, and the
// namespace-wide picture (state counts, counter rates).
#include <fmt/format.h>

#include <chrono>

#include "base/duration.h"
#include "tui/frame_parts.h"
#include "tui/sort_rows.h"

namespace sockscope::tui {
namespace {

using model::State;

std::string TitleLine(const TopModel& m) {
  std::string out = fmt::format("sockscope top - every {}", base::FormatDuration(m.interval));
  if (!m.has_data) {
    out += " - collecting...";
  } else {
    double age = std::chrono::duration<double>(m.data_age).count();
    out += fmt::format(" - data {:.1f}s old", age);
    if (m.collection_late) out += " (collection slow)";
  }
  out += fmt::format(" - sort: {}", SortModeName(m.sort));
  if (!m.filter_text.empty()) out += " - filter: " + SafeText(m.filter_text, m.unicode);
  if (m.paused) out += "  [PAUSED]";
  return out;
}

std::string StatesLine(const TopModel& m) {
  const auto& s = m.states;
  uint64_t syn_recv = s.Count(State::kSynRecv) + s.Count(State::kNewSynRecv);
  uint64_t fin_wait = s.Count(State::kFinWait1) + s.Count(State::kFinWait2);
  uint64_t other = s.Count(State::kSynSent) + s.Count(State::kClose) + s.Count(State::kLastAck) +
                   s.Count(State::kClosing);
  return fmt::format(
      "TCP  LISTEN {}  ESTAB {}  SYN-RECV {}  TIME-WAIT {}  CLOSE-WAIT {}  FIN-WAIT {}  other {}",
      s.Count(State::kListen), s.Count(State::kEstablished), syn_recv, s.Count(State::kTimeWait),
      s.Count(State::kCloseWait), fin_wait, other);
}

std::string Rate(const std::optional<double>& r) {
  return r ? fmt::format("{:.1f}/s", *r) : std::string("-");
}

}  // namespace

std::vector<std::string> HeaderLines(const TopModel& model) {
  return {TitleLine(model), StatesLine(model),
          fmt::format("ListenOverflows {}  ListenDrops {}  SyncookiesSent {}",
                      Rate(model.rates.listen_overflows), Rate(model.rates.listen_drops),
                      Rate(model.rates.syncookies_sent))};
}

}  // namespace sockscope::tui
