// One executable, three programs, so the benchmark needs a single build
// target: the population generator (default), the `baseline` reference and
// the `measure` wrapper used by bench/run.sh.
#include <cstdio>
#include <cstring>

#include "baseline.h"
#include "generator.h"
#include "measure.h"
#include "options.h"

int main(int argc, char** argv) {
  using namespace sockscope::bench;
  if (argc > 1 && std::strcmp(argv[1], "baseline") == 0) return RunBaseline();
  if (argc > 1 && std::strcmp(argv[1], "measure") == 0) return RunMeasure(argc, argv, 2);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
      std::fputs(kPopulationUsage, stdout);
      return 0;
    }
  }
  PopulationOptions options;
  if (Status s = ParsePopulationOptions(argc, argv, 1, &options); !s.ok()) {
    std::fprintf(stderr, "population: %s\n%s", s.message().c_str(), kPopulationUsage);
    return 64;
  }
  return RunPopulation(options);
}
