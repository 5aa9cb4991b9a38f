// Shared by the CLI golden tier: the cases of cases.txt, normalisation of what
// varies between two runs over the same recording, and golden files.
#pragma once

#include <string>
#include <vector>

namespace sockscope::testing {

struct GoldenCase {
  std::string world;   // tests/fixtures/recordings/<world>/
  std::string name;    // .../<world>/<name>/: one recording
  std::string format;  // table, json, ndjson
  std::vector<std::string> args;
};

// Every (world, case, format) with a recording, in a stable order.
std::vector<GoldenCase> LoadGoldenCases();
std::string RecordingDir(const GoldenCase& c);
std::string GoldenPath(const GoldenCase& c);

// Replaces what depends on the clock, not on the recording: the measured
// interval between check's two samples and the rates computed from it.
std::string NormaliseOutput(const std::string& text);

// SOCKSCOPE_UPDATE_GOLDENS=1 in the environment: write goldens, do not compare.
bool UpdatingGoldens();
std::string ReadFileOrEmpty(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);

}  // namespace sockscope::testing
