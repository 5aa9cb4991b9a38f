#include "tui/render_frame.h"

#include <algorithm>

#include "tui/frame_parts.h"
#include "tui/text_cells.h"

namespace sockscope::tui {
namespace {

// Defence in depth: whatever a section forgot to escape, no control byte may
// reach a terminal (an ESC would let a process name drive the screen).
std::string Sanitize(std::string line, bool unicode) {
  for (char& c : line) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) c = '?';
  }
  if (!unicode) line = AsciiOnly(line);
  // Padding of the last cell is not content: no trailing blanks in a capture.
  line.erase(line.find_last_not_of(' ') + 1);
  return line;
}

}  // namespace

int FullFrameHeight(const TopModel& model) {
  size_t body = model.show_help ? HelpLines().size()
                                : TableLinesNeeded(model) + 1 + FindingLinesNeeded(model);
  return static_cast<int>(HeaderLines(model).size() + 1 + body + BottomLines(model).size());
}

std::vector<std::string> RenderFrame(const TopModel& model, int width, int height) {
  if (width <= 0 || height <= 0) return {};
  auto w = static_cast<size_t>(width);
  auto h = static_cast<size_t>(height);

  std::vector<std::string> bottom = BottomLines(model);
  if (bottom.size() > h) bottom.erase(bottom.begin(), bottom.end() - static_cast<long>(h));
  size_t top_room = h - bottom.size();

  std::vector<std::string> top = HeaderLines(model);
  top.emplace_back();
  size_t room = top_room > top.size() ? top_room - top.size() : 0;
  if (model.show_help) {
    for (auto& line : HelpLines()) top.push_back(std::move(line));
  } else {
    // Findings get what they need when everything fits, else at most a third
    // of the room (but two lines: the title and the worst finding) so the
    // table stays the main part of the screen.
    size_t table_need = TableLinesNeeded(model);
    size_t findings_need = FindingLinesNeeded(model);
    size_t findings_room = findings_need;
    if (table_need + 1 + findings_need > room)
      findings_room = std::min(findings_need, std::max<size_t>(2, room / 3));
    findings_room = std::min(findings_room, room);
    size_t table_room = room > findings_room + 1 ? room - findings_room - 1 : 0;
    auto table = TableLines(model, w, table_room);
    top.insert(top.end(), table.begin(), table.end());
    top.resize(top.size() + (table_room - table.size()));
    if (table_room > 0) top.emplace_back();
    auto findings = FindingLines(model, findings_room);
    top.insert(top.end(), findings.begin(), findings.end());
  }
  top.resize(top_room);  // cuts what does not fit, pads the rest

  std::vector<std::string> frame;
  frame.reserve(h);
  for (auto& line : top) frame.push_back(ClipLine(Sanitize(std::move(line), model.unicode), w));
  for (auto& line : bottom) frame.push_back(ClipLine(Sanitize(std::move(line), model.unicode), w));
  return frame;
}

}  // namespace sockscope::tui
