#include "render/json_writer.h"

#include <cmath>

#include <fmt/format.h>

#include "base/escape.h"

namespace sockscope::render {

void JsonWriter::BeforeValue() {
  if (need_comma_) out_ += ',';
  need_comma_ = true;
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_ += c;
  need_comma_ = false;
}

void JsonWriter::Close(char c) {
  out_ += c;
  need_comma_ = true;
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  out_ += '"';
  base::AppendJsonStringBody(out_, key);
  out_ += "\":";
  need_comma_ = false;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_ += '"';
  base::AppendJsonStringBody(out_, value);
  out_ += '"';
}

void JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_ += "null";  // JSON has no NaN or infinity
    return;
  }
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
}

void JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_ += json;
}

}  // namespace sockscope::render
