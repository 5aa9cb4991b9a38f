#include "render/prometheus_text.h"

#include <cmath>

#include <fmt/format.h>

#include "base/escape.h"

namespace sockscope::render {
namespace {

// HELP text escapes only backslash and newline (text format 0.0.4).
void AppendHelp(std::string& out, std::string_view help) {
  for (char c : help) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

}  // namespace

void PrometheusText::Family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  AppendHelp(out_, help);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

bool PrometheusText::Admit(std::initializer_list<Label> labels) {
  if (left_out_netns_ || per_netns_) {
    for (const auto& [key, value] : labels) {
      if (key != "netns") continue;
      if (left_out_netns_ && left_out_netns_->count(value) > 0) {
        ++left_out_;
        return false;
      }
      if (per_netns_) {
        auto it = per_netns_->find(value);
        if (it == per_netns_->end()) it = per_netns_->emplace(std::string(value), 0).first;
        ++it->second;
      }
      break;
    }
  }
  ++written_;
  return true;
}

void PrometheusText::BeginSample(std::string_view name, std::initializer_list<Label> labels) {
  out_ += name;
  if (labels.size() > 0) {
    out_ += '{';
    bool first = true;
    for (const auto& [key, value] : labels) {
      if (!first) out_ += ',';
      first = false;
      out_ += key;
      out_ += "=\"";
      base::AppendPrometheusLabelValue(out_, value);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
}

void PrometheusText::Sample(std::string_view name, std::initializer_list<Label> labels,
                            double value) {
  if (!Admit(labels)) return;
  BeginSample(name, labels);
  if (std::isnan(value))
    out_ += "NaN";
  else if (std::isinf(value))
    out_ += value > 0 ? "+Inf" : "-Inf";
  else
    fmt::format_to(std::back_inserter(out_), "{}", value);
  out_ += '\n';
}

void PrometheusText::Sample(std::string_view name, std::initializer_list<Label> labels,
                            uint64_t value) {
  if (!Admit(labels)) return;
  BeginSample(name, labels);
  fmt::format_to(std::back_inserter(out_), "{}", value);
  out_ += '\n';
}

void PrometheusText::Sample(std::string_view name, std::initializer_list<Label> labels,
                            int64_t value) {
  if (!Admit(labels)) return;
  BeginSample(name, labels);
  fmt::format_to(std::back_inserter(out_), "{}", value);
  out_ += '\n';
}

}  // namespace sockscope::render
