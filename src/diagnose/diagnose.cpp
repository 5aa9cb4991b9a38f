#include "diagnose/diagnose.h"

#include <optional>

#include "diagnose/rules.h"

namespace sockscope::diagnose {

std::vector<Finding> Diagnose(const DiagnoseInput& input) {
  std::chrono::nanoseconds interval{0};
  if (input.previous) {
    interval = input.interval;
    if (interval.count() <= 0) {
      interval = std::chrono::duration_cast<std::chrono::nanoseconds>(input.current.monotonic_at -
                                                                      input.previous->monotonic_at);
      if (interval.count() < 0) interval = std::chrono::nanoseconds(0);
    }
  }
  std::optional<SocketHistory> own_history;
  if (!input.history) own_history.emplace(input.previous);
  const SocketHistory& history = input.history ? *input.history : *own_history;
  RuleContext ctx{input.previous, input.current, interval, history};
  std::vector<Finding> out;
  for (const Rule& rule : Rules()) rule.run(ctx, out);
  SortFindings(out);
  return out;
}

}  // namespace sockscope::diagnose
