// PrometheusText: appends the Prometheus text exposition format (0.0.4) to a
// string. It writes one metric family at a time: Family() prints # HELP and
// # TYPE (from the registry), Sample() one line. Label values go through
// base::AppendPrometheusLabelValue, so any bytes (a process name with quotes,
// newlines or invalid UTF-8) give valid output. Callers keep each family's
// samples together and each label set unique.
//
// Not thread-safe; owns nothing but a reference to the output string.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "render/registry.h"

namespace sockscope::render {

using Label = std::pair<std::string_view, std::string_view>;

// Samples per value of the "netns" label, for the series budget.
using SamplesPerNetns = std::map<std::string, size_t, std::less<>>;

class PrometheusText {
 public:
  explicit PrometheusText(std::string& out) : out_(out) {}

  // # HELP and # TYPE lines of a family.
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Family(const MetricSpec& spec) { Family(spec.name, MetricTypeName(spec.type), spec.help); }

  void Sample(std::string_view name, std::initializer_list<Label> labels, double value);
  void Sample(std::string_view name, std::initializer_list<Label> labels, uint64_t value);
  void Sample(std::string_view name, std::initializer_list<Label> labels, int64_t value);

  // The series budget (--max-series): samples whose "netns" label is in
  // `netns` are not written, only counted in left_out(). Null: none.
  void LeaveOut(const std::set<std::string, std::less<>>* netns) { left_out_netns_ = netns; }
  // Counts the samples written per "netns" label value into `counts`.
  void CountPerNetns(SamplesPerNetns* counts) { per_netns_ = counts; }
  size_t written() const { return written_; }
  size_t left_out() const { return left_out_; }

 private:
  bool Admit(std::initializer_list<Label> labels);
  void BeginSample(std::string_view name, std::initializer_list<Label> labels);
  std::string& out_;
  const std::set<std::string, std::less<>>* left_out_netns_ = nullptr;
  SamplesPerNetns* per_netns_ = nullptr;
  size_t written_ = 0;
  size_t left_out_ = 0;
};

}  // namespace sockscope::render
