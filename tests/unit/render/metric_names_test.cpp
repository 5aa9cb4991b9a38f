// Every metric name the renderers use is declared in the registry (so it has
// a type, labels and help, and docs/metrics.md lists it), and every metric of
// the registry has a name constant: the two cannot drift apart.
#include "render/metric_names.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "render/registry.h"

namespace sockscope::render {
namespace {

TEST(MetricNames, EveryNameIsRegistered) {
  for (std::string_view name : metric::kAll) EXPECT_NE(FindExporterMetric(name), nullptr) << name;
}

TEST(MetricNames, EveryRegisteredMetricHasAName) {
  std::set<std::string_view> names(std::begin(metric::kAll), std::end(metric::kAll));
  for (const auto& spec : ExporterMetrics()) EXPECT_EQ(names.count(spec.name), 1u) << spec.name;
}

}  // namespace
}  // namespace sockscope::render
