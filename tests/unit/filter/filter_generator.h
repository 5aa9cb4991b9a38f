// Random filter expressions as users type them (ss's grammar): port terms
// with every operator over the given ports, src/dst terms over IPv4, IPv6,
// IPv4-mapped and wildcard prefixes (with or without a port), UNIX path
// globs and device indexes (dev 1, dev != 2), combined with and/or/not and
// parentheses. For property tests of
// the filter compiler (tests/unit/filter/kernel_program_test.cpp and the
// kernel tier's filter_program_test.cpp); seeded, so a failure names the
// expression and can be replayed.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace sockscope::testing {

class FilterGenerator {
 public:
  FilterGenerator(uint32_t seed, std::vector<uint16_t> ports)
      : rng_(seed), ports_(std::move(ports)) {}

  // An expression at most `depth` operators deep.
  std::string Expression(int depth) {
    switch (depth <= 0 ? 0 : Pick(6)) {
      case 0:
      case 1:
        return Term();
      case 2:
        return Expression(depth - 1) + " and " + Expression(depth - 1);
      case 3:
        return Expression(depth - 1) + " or " + Expression(depth - 1);
      case 4:
        return "not " + Expression(depth - 1);
      default:
        return "( " + Expression(depth - 1) + " )";
    }
  }

 private:
  size_t Pick(size_t n) { return rng_() % n; }
  std::string Port() { return std::to_string(ports_[Pick(ports_.size())]); }

  std::string Term() {
    static const char* const kSides[] = {"sport", "dport"};
    static const char* const kOps[] = {"=", "!=", ">", "<", ">=", "<="};
    static const char* const kHosts[] = {
        "127.0.0.1",       "127.0.0.0/8", "10.0.0.0/8",         "0.0.0.0/0",       "[::1]",
        "[::]/0",          "[::]/1",      "[::ffff:127.0.0.1]", "[::ffff:0:0]/96", "[fe80::]/10",
        "[2001:db8::]/32", "*",           "unix:/run/*"};
    if (Pick(8) == 0)
      return std::string(Pick(2) ? "dev " : "dev != ") + std::to_string(1 + Pick(2));
    if (Pick(2))
      return std::string(kSides[Pick(2)]) + " " + kOps[Pick(std::size(kOps))] + " :" + Port();
    std::string host = kHosts[Pick(std::size(kHosts))];
    // `dst unix:` is refused by the parser: UNIX peers have no path.
    if (host.rfind("unix:", 0) == 0) return "src " + host;
    if (Pick(3) == 0) host += ":" + Port();
    return std::string(Pick(2) ? "src " : "dst ") + host;
  }

  std::mt19937 rng_;
  std::vector<uint16_t> ports_;
};

}  // namespace sockscope::testing
