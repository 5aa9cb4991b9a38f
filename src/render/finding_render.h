// Findings for people (worst first, plain words, aligned numbers) and for
// programs (the JSON contract of docs/cli.md).
#pragma once

#include <string>
#include <vector>

#include "diagnose/finding.h"
#include "model/snapshot.h"

namespace sockscope::render {

struct FindingsView {
  bool color = false;
  bool verbose = true;  // why and advice under each finding
};

void RenderFindingsText(const std::vector<diagnose::Finding>& findings,
                        const std::vector<model::Note>& notes, const FindingsView& view,
                        std::string& out);
void RenderFindingsJson(const std::vector<diagnose::Finding>& findings,
                        const model::Snapshot& snapshot, std::string& out);

}  // namespace sockscope::render
