// JsonWriter: appends JSON to a std::string without building a document, so
// `ls -o ndjson` can stream 100k sockets with constant memory and no
// per-value allocation. It only writes what it is told: callers keep the
// structure right. Strings go through base::AppendJsonStringBody, so output
// is valid UTF-8 whatever bytes a process name holds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sockscope::render {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view value);
  void Uint(uint64_t value);
  void Int(int64_t value);
  void Double(double value);
  void Bool(bool value);
  void Null();
  // A pre-rendered JSON value (a nested document from another writer).
  void Raw(std::string_view json);

  template <typename T>
  void Field(std::string_view key, T value) {
    Key(key);
    if constexpr (std::is_same_v<T, bool>)
      Bool(value);
    else if constexpr (std::is_floating_point_v<T>)
      Double(value);
    else if constexpr (std::is_signed_v<T>)
      Int(value);
    else
      Uint(value);
  }
  void StringField(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();
  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace sockscope::render
