// Helpers for the rule tests: run Diagnose and pick findings by id.
#pragma once

#include <string_view>
#include <vector>

#include "diagnose/diagnose.h"
#include "unit/diagnose/test_snapshots.h"

namespace sockscope::diagnose {

inline std::vector<Finding> ById(const std::vector<Finding>& all, std::string_view id) {
  std::vector<Finding> out;
  for (const auto& f : all)
    if (f.id == id) out.push_back(f);
  return out;
}

inline std::vector<Finding> RunRules(const model::Snapshot& current, std::string_view id) {
  return ById(Diagnose(DiagnoseInput{nullptr, current, {}}), id);
}

inline std::vector<Finding> RunRules(const model::Snapshot& previous,
                                     const model::Snapshot& current, std::string_view id) {
  using namespace std::chrono_literals;
  return ById(Diagnose(DiagnoseInput{&previous, current, 1s}), id);
}

template <typename T>
T Ev(const Finding& f, std::string_view key) {
  const auto* v = f.Find(key);
  EXPECT_NE(v, nullptr) << key;
  if (!v) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*v)) << key;
  return std::holds_alternative<T>(*v) ? std::get<T>(*v) : T{};
}

}  // namespace sockscope::diagnose
