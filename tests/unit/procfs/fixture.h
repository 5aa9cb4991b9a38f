// Reads a recorded file under tests/fixtures/ for the procfs tests.
#pragma once

#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string>

namespace sockscope::procfs::testing {

inline std::string FixturePath(const std::string& relative) {
  return fmt::format("{}/{}", SOCKSCOPE_FIXTURES, relative);
}

inline std::string ReadFixture(const std::string& relative) {
  std::ifstream in(FixturePath(relative), std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace sockscope::procfs::testing
