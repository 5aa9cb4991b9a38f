// The lower part of the top frame: findings, collection notes, the filter
// line editor with its parse error, key hints.
#include <fmt/format.h>

#include "base/escape.h"
#include "tui/frame_parts.h"
#include "tui/text_cells.h"

namespace sockscope::tui {
namespace {

std::string_view SeverityTag(diagnose::Severity s) {
  switch (s) {
    case diagnose::Severity::kCritical:
      return "CRIT";
    case diagnose::Severity::kWarning:
      return "WARN";
    case diagnose::Severity::kInfo:
      return "INFO";
  }
  return "INFO";
}

// Splits a multi-line message (filter errors carry the expression and a caret
// line) into lines.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    out.push_back(text.substr(0, eol));
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  return out;
}

}  // namespace

std::string SafeText(std::string_view raw, bool unicode) {
  std::string escaped = base::EscapeForTerminal(raw);
  return unicode ? escaped : AsciiOnly(escaped);
}

std::string SafeMessage(std::string_view text, bool unicode) {
  std::string escaped = base::EscapeForMessage(text);
  return unicode ? escaped : AsciiOnly(escaped);
}

size_t FindingLinesNeeded(const TopModel& model) { return 1 + model.findings.size(); }

std::vector<std::string> FindingLines(const TopModel& model, size_t max_lines) {
  std::vector<std::string> out;
  if (max_lines == 0) return out;
  if (model.findings.empty()) {
    out.push_back(model.has_data ? "FINDINGS: none" : "FINDINGS: waiting for data");
    return out;
  }
  out.push_back(fmt::format("FINDINGS ({})", model.findings.size()));
  size_t room = max_lines - 1;
  bool cut = model.findings.size() > room;
  size_t shown = cut ? (room > 0 ? room - 1 : 0) : model.findings.size();
  for (size_t i = 0; i < shown; ++i) {
    const auto& f = model.findings[i];
    out.push_back(fmt::format("{} {:<28} {}", SeverityTag(f.severity),
                              SafeText(f.id, model.unicode), SafeText(f.summary, model.unicode)));
  }
  if (cut && room > 0)
    out.push_back(
        fmt::format("... {} more (sockscope check explains each)", model.findings.size() - shown));
  return out;
}

std::vector<std::string> BottomLines(const TopModel& model) {
  std::vector<std::string> out;
  if (!model.notes.empty()) {
    std::string note = "note: " + SafeMessage(model.notes[0], model.unicode);
    if (model.notes.size() > 1) note += fmt::format(" (+{} more)", model.notes.size() - 1);
    out.push_back(std::move(note));
  }
  if (model.editing_filter) {
    for (auto line : SplitLines(model.filter_error))
      out.push_back(SafeMessage(line, model.unicode));
    out.push_back("filter> " + SafeText(model.edit_text, model.unicode) +
                  "_   (Enter apply, Esc cancel, empty: no filter)");
    return out;
  }
  std::string hints = "q quit  s sort  / filter  ";
  hints += model.paused ? "p resume" : "p pause";
  hints += "  ? help";
  if (model.listeners_total != model.listeners.size())
    hints += fmt::format("   ({} of {} listeners match the filter)", model.listeners.size(),
                         model.listeners_total);
  out.push_back(std::move(hints));
  return out;
}

}  // namespace sockscope::tui
