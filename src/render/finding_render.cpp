#include "render/finding_render.h"

#include <fmt/format.h>

#include "base/escape.h"
#include "render/json_keys.h"
#include "render/json_writer.h"
#include "render/listener_render.h"
#include "render/socket_json.h"

namespace sockscope::render {
namespace {

const char* SeverityColor(diagnose::Severity s) {
  switch (s) {
    case diagnose::Severity::kCritical:
      return "\x1b[1;31m";
    case diagnose::Severity::kWarning:
      return "\x1b[1;33m";
    case diagnose::Severity::kInfo:
      return "\x1b[36m";
  }
  return "";
}

void WriteEvidenceValue(JsonWriter& w, const diagnose::Evidence::Value& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>)
          w.String(x);
        else if constexpr (std::is_same_v<T, bool>)
          w.Bool(x);
        else if constexpr (std::is_same_v<T, double>)
          w.Double(x);
        else if constexpr (std::is_same_v<T, int64_t>)
          w.Int(x);
        else
          w.Uint(x);
      },
      v);
}

// Wraps text at `width` columns with `indent` spaces on continuation lines.
void AppendWrapped(std::string& out, std::string_view text, size_t indent, size_t width) {
  size_t col = indent;
  bool first = true;
  while (!text.empty()) {
    size_t sp = text.find(' ');
    std::string_view word = text.substr(0, sp);
    text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
    if (!first && col + 1 + word.size() > width) {
      out += '\n';
      out.append(indent, ' ');
      col = indent;
    } else if (!first) {
      out += ' ';
      ++col;
    }
    base::AppendEscapedForTerminal(out, word);
    col += word.size();
    first = false;
  }
  out += '\n';
}

}  // namespace

void RenderFindingsText(const std::vector<diagnose::Finding>& findings,
                        const std::vector<model::Note>& notes, const FindingsView& view,
                        std::string& out) {
  auto it = std::back_inserter(out);
  if (findings.empty()) out += "No problems found.\n";
  for (const auto& f : findings) {
    std::string sev(diagnose::SeverityName(f.severity));
    for (auto& c : sev) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (view.color)
      fmt::format_to(it, "{}{:<8}\x1b[0m ", SeverityColor(f.severity), sev);
    else
      fmt::format_to(it, "{:<8} ", sev);
    base::AppendEscapedForTerminal(out, f.summary);
    fmt::format_to(it, "  [{}]\n", f.id);
    if (!f.evidence.empty()) {
      out += "         evidence:";
      for (const auto& e : f.evidence) {
        out += ' ';
        out += e.key;
        out += '=';
        base::AppendEscapedForTerminal(out, diagnose::EvidenceText(e.value));
      }
      out += '\n';
    }
    if (f.netns) fmt::format_to(it, "         netns: {}\n", f.netns);
    if (view.verbose) {
      if (!f.why.empty()) {
        out += "         why: ";
        AppendWrapped(out, f.why, 14, 100);
      }
      if (!f.advice.empty()) {
        out += "         do:  ";
        AppendWrapped(out, f.advice, 14, 100);
      }
    }
    out += '\n';
  }
  auto counts = diagnose::CountBySeverity(findings);
  fmt::format_to(it, "Summary: {} critical, {} warning, {} info\n", counts.critical, counts.warning,
                 counts.info);
  for (const auto& n : notes)
    if (n.level != model::NoteLevel::kInfo) {
      out += "Note: ";
      out += NoteText(n);  // escaped already (message policy)
      out += '\n';
    }
}

void RenderFindingsJson(const std::vector<diagnose::Finding>& findings,
                        const model::Snapshot& snapshot, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key(json_key::kFindings);
  w.BeginArray();
  for (const auto& f : findings) {
    w.BeginObject();
    w.StringField(json_key::kId, f.id);
    w.StringField(json_key::kSeverity, diagnose::SeverityName(f.severity));
    w.StringField(json_key::kSummary, f.summary);
    w.Key(json_key::kEvidence);
    w.BeginObject();
    for (const auto& e : f.evidence) {
      w.Key(e.key);
      WriteEvidenceValue(w, e.value);
    }
    w.EndObject();
    w.StringField(json_key::kWhy, f.why);
    w.StringField(json_key::kAdvice, f.advice);
    if (f.listener) {
      w.Key(json_key::kListener);
      WriteListenerJson(w, *f.listener);
    }
    w.Key(json_key::kProcesses);
    w.BeginArray();
    for (const auto& o : f.processes) WriteOwnerJson(w, o);
    w.EndArray();
    w.StringField(json_key::kNetns, fmt::format("{}", f.netns));
    w.EndObject();
  }
  w.EndArray();
  auto counts = diagnose::CountBySeverity(findings);
  w.Key(json_key::kSummary);
  w.BeginObject();
  w.Field(json_key::kCritical, counts.critical);
  w.Field(json_key::kWarning, counts.warning);
  w.Field(json_key::kInfo, counts.info);
  w.EndObject();
  WriteRunStatusJson(w, snapshot);
  w.EndObject();
  out += '\n';
}

}  // namespace sockscope::render
