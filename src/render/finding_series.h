// Findings as stable Prometheus series: one series per finding identity
// (id, namespace, listener address and port), its value the severity
// (kSeverityValue: 1 info, 2 warning, 3 critical), 0 once the finding has
// cleared while the exporter still remembers it (exporter/finding_memory.h).
// A severity label would start a new series whenever a finding changes
// severity, and a series that exists only while a finding is present breaks
// `for:` clauses and graphs at every gap; an identity that keeps its series
// and a value that says how bad does neither.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "diagnose/finding.h"

namespace sockscope::render {

struct FindingSeries {
  std::string id;
  uint64_t netns = 0;
  std::string address;  // "" when the finding is not about one listener
  std::string port;
  int value = 0;  // kSeverityValue of the worst finding of this identity, 0 cleared

  auto Key() const { return std::tie(id, netns, address, port); }
};

int SeverityValue(diagnose::Severity severity);  // 1 info, 2 warning, 3 critical

// One series per identity of `findings`, the worst severity where several
// findings share one (members of a reuseport group), sorted by identity.
std::vector<FindingSeries> SeriesOfFindings(std::span<const diagnose::Finding> findings);

}  // namespace sockscope::render
