#include "render/finding_series.h"

#include <algorithm>

namespace sockscope::render {

int SeverityValue(diagnose::Severity severity) {
  switch (severity) {
    case diagnose::Severity::kInfo:
      return 1;
    case diagnose::Severity::kWarning:
      return 2;
    case diagnose::Severity::kCritical:
      return 3;
  }
  return 1;
}

std::vector<FindingSeries> SeriesOfFindings(std::span<const diagnose::Finding> findings) {
  std::vector<FindingSeries> out;
  for (const auto& f : findings) {
    FindingSeries s;
    s.id = f.id;
    s.netns = f.netns;
    if (f.listener) {
      s.netns = s.netns ? s.netns : f.listener->netns;
      s.address = f.listener->local.addr.ToString();
      s.port = std::to_string(f.listener->local.port);
    }
    s.value = SeverityValue(f.severity);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const FindingSeries& a, const FindingSeries& b) {
    return a.Key() < b.Key() || (a.Key() == b.Key() && a.value > b.value);
  });
  out.erase(std::unique(
                out.begin(), out.end(),
                [](const FindingSeries& a, const FindingSeries& b) { return a.Key() == b.Key(); }),
            out.end());
  return out;
}

}  // namespace sockscope::render
