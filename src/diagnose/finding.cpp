#include "diagnose/finding.h"

#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

namespace sockscope::diagnose {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "critical";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      break;
  }
  return "info";
}

std::string EvidenceText(const Evidence::Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "yes" : "no";
        } else if constexpr (std::is_same_v<T, double>) {
          std::string s = fmt::format("{:.2f}", v);
          while (!s.empty() && s.back() == '0') s.pop_back();
          if (!s.empty() && s.back() == '.') s.pop_back();
          return s;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else {
          return fmt::format("{}", v);
        }
      },
      value);
}

const Evidence::Value* Finding::Find(std::string_view key) const {
  for (const auto& e : evidence)
    if (e.key == key) return &e.value;
  return nullptr;
}

SeverityCounts CountBySeverity(std::span<const Finding> findings) {
  SeverityCounts c;
  for (const auto& f : findings) {
    switch (f.severity) {
      case Severity::kCritical:
        ++c.critical;
        break;
      case Severity::kWarning:
        ++c.warning;
        break;
      case Severity::kInfo:
        ++c.info;
        break;
    }
  }
  return c;
}

void SortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity < b.severity;
    if (a.magnitude != b.magnitude) return a.magnitude > b.magnitude;
    if (a.id != b.id) return a.id < b.id;
    return a.netns < b.netns;
  });
}

}  // namespace sockscope::diagnose
