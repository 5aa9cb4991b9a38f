// HeapText: a string kept on the heap when it is not empty, one pointer
// inline. Socket has two strings (a UNIX path, a congestion control's name)
// that most sockets never have: inline std::strings were 64 of a socket's
// 240 bytes, 6 MB per 100k-socket snapshot. The interface is the subset of
// std::string the code uses; it reads as a std::string_view.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace sockscope::model {

class HeapText {
 public:
  HeapText() = default;
  HeapText(const HeapText& other)
      : text_(other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr) {}
  HeapText(HeapText&&) noexcept = default;
  HeapText& operator=(const HeapText& other) {
    if (this != &other) text_ = other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr;
    return *this;
  }
  HeapText& operator=(HeapText&&) noexcept = default;
  HeapText& operator=(std::string_view text) {
    assign(text.data(), text.size());
    return *this;
  }
  ~HeapText() = default;

  void assign(const char* data, size_t size) {
    if (size == 0) {
      text_.reset();
    } else if (text_) {
      text_->assign(data, size);
    } else {
      text_ = std::make_unique<std::string>(data, size);
    }
  }
  void append(const char* data, size_t size) {
    if (size == 0) return;
    if (!text_) text_ = std::make_unique<std::string>();
    text_->append(data, size);
  }

  bool empty() const { return !text_ || text_->empty(); }
  size_t size() const { return text_ ? text_->size() : 0; }
  std::string_view view() const { return text_ ? std::string_view(*text_) : std::string_view(); }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)

  friend bool operator==(const HeapText& a, std::string_view b) { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& out, const HeapText& t) { return out << t.view(); }

 private:
  std::unique_ptr<std::string> text_;
};

}  // namespace sockscope::model
