// The shape /etc/services and /etc/hosts share: lines of blank-separated
// fields, '#' starting a comment to the end of the line. One reader for
// both (render/service_names.cpp, render/host_names.cpp). Pure; no copies.
#pragma once

#include <string_view>

namespace sockscope::render {

class EtcFields {
 public:
  explicit EtcFields(std::string_view text) : text_(text) {}

  // Moves to the next line (comment cut off); false at the end of the text.
  bool NextLine() {
    if (text_.empty()) return false;
    size_t nl = text_.find('\n');
    line_ = text_.substr(0, nl);
    text_ = nl == std::string_view::npos ? std::string_view() : text_.substr(nl + 1);
    if (size_t hash = line_.find('#'); hash != std::string_view::npos)
      line_ = line_.substr(0, hash);
    return true;
  }

  // The next field of the current line; empty when there is none.
  std::string_view NextField() {
    size_t b = line_.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    size_t e = line_.find_first_of(" \t\r", b);
    std::string_view field =
        line_.substr(b, e == std::string_view::npos ? line_.size() - b : e - b);
    line_ = e == std::string_view::npos ? std::string_view() : line_.substr(e);
    return field;
  }

 private:
  std::string_view text_;
  std::string_view line_;
};

}  // namespace sockscope::render
