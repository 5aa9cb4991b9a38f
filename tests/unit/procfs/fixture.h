// Reads a recorded file under tests/fixtures/ for the procfs tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace sockscope::procfs::testing {

inline std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string FixturePath(const std::string& relative) {
  return std::string(SOCKSCOPE_FIXTURES) + "/" + relative;
}

}  // namespace sockscope::procfs::testing
