#include "cli/golden_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace sockscope::testing {
namespace fs = std::filesystem;

namespace {
const std::string kCliDir = std::string(SOCKSCOPE_FIXTURES) + "/../cli";
const std::string kRecordings = std::string(SOCKSCOPE_FIXTURES) + "/recordings";
}  // namespace

std::vector<GoldenCase> LoadGoldenCases() {
  std::vector<GoldenCase> cases;
  std::vector<std::string> worlds;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kRecordings, ec))
    if (e.is_directory()) worlds.push_back(e.path().filename().string());
  std::sort(worlds.begin(), worlds.end());
  std::ifstream in(kCliDir + "/cases.txt");
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  for (const auto& world : worlds) {
    for (const auto& l : lines) {
      std::istringstream words(l);
      std::string name, formats, w;
      words >> name >> formats;
      std::vector<std::string> args;
      while (words >> w) args.push_back(w);
      if (!fs::exists(kRecordings + "/" + world + "/" + name + "/manifest")) continue;
      std::istringstream fmts(formats);
      std::string format;
      while (std::getline(fmts, format, ',')) cases.push_back({world, name, format, args});
    }
  }
  return cases;
}

std::string RecordingDir(const GoldenCase& c) { return kRecordings + "/" + c.world + "/" + c.name; }

std::string GoldenPath(const GoldenCase& c) {
  return kCliDir + "/goldens/" + c.world + "/" + c.name + "." + c.format;
}

std::string NormaliseOutput(const std::string& text) {
  static const std::regex kJsonSeconds(R"re("(interval_seconds|per_second)":\s*-?[0-9.eE+-]+)re");
  static const std::regex kTextSeconds(R"re(\b(interval_seconds|per_second)=[0-9.eE+-]+)re");
  static const std::regex kTextRate(R"re(in [0-9]+\.[0-9]s \([0-9]+(\.[0-9])?/s\))re");
  std::string out = std::regex_replace(text, kJsonSeconds, "\"$1\":\"#\"");
  out = std::regex_replace(out, kTextSeconds, "$1=#");
  return std::regex_replace(out, kTextRate, "in #s (#/s)");
}

bool UpdatingGoldens() {
  const char* v = std::getenv("SOCKSCOPE_UPDATE_GOLDENS");
  return v && std::string(v) == "1";
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& contents) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

}  // namespace sockscope::testing
