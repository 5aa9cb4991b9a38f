// Finding: one problem (or fact worth knowing) that `check` reports, with the
// numbers behind it, why it matters and what to do. Produced by the rules of
// diagnose/, printed by every renderer (table, JSON, Prometheus, top) from the
// same value, so the fields here are the output contract:
//   {"id","severity","summary","evidence":{...},"why","advice",
//    "listener":{...},"processes":[...],"netns"}
// Plain value types; functions here are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/listener.h"
#include "model/owner.h"

namespace sockscope::diagnose {

// Declared worst first: sorting by the enum value sorts worst first.
enum class Severity : uint8_t { kCritical = 0, kWarning = 1, kInfo = 2 };

std::string_view SeverityName(Severity s);  // "critical", "warning", "info"

// One piece of evidence. Numbers stay numbers (JSON prints them raw, tables
// format them); keys are snake_case, stable, and listed per id in
// docs/findings.md.
struct Evidence {
  using Value = std::variant<int64_t, uint64_t, double, bool, std::string>;
  std::string key;
  Value value;
};

// The value as a table shows it: integers as is, doubles with up to two
// decimals, booleans as yes/no, strings unchanged (escape them at render).
std::string EvidenceText(const Evidence::Value& value);

struct Finding {
  std::string id;  // stable contract, e.g. "accept-queue-full"
  Severity severity = Severity::kInfo;
  std::string summary;                      // one line, names port and process
  std::vector<Evidence> evidence;           // ordered as the rule added it
  std::string why;                          // what the kernel does, what users see
  std::string advice;                       // what to do
  std::optional<model::Listener> listener;  // the listener concerned, if any
  std::vector<model::Owner> processes;      // processes concerned (untrusted comm)
  uint64_t netns = 0;  // namespace inode the evidence belongs to (0: not per namespace)
  // How far past its threshold the finding is (1.0 = just at it); orders
  // findings of one severity. Not printed.
  double magnitude = 1.0;

  // Appends one evidence item; returns *this for chaining.
  Finding& Add(std::string key, Evidence::Value value) {
    evidence.push_back(Evidence{std::move(key), std::move(value)});
    return *this;
  }
  // The evidence value under `key`, or nullptr.
  const Evidence::Value* Find(std::string_view key) const;
};

struct SeverityCounts {
  int critical = 0;
  int warning = 0;
  int info = 0;
};

SeverityCounts CountBySeverity(std::span<const Finding> findings);

// Worst first: severity, then magnitude (larger first), then id and netns so
// the order is stable from run to run.
void SortFindings(std::vector<Finding>& findings);

}  // namespace sockscope::diagnose
