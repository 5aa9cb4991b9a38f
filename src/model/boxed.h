// Boxed<T>: an optional T kept on the heap. Socket has a few large optional
// parts (tcp_info is 104 bytes) that most listings never ask for; inline,
// they made every socket 320 bytes, and at 100k sockets the page faults of
// that memory cost more than decoding. Boxed keeps an unset part to one
// pointer and has value semantics (copies copy the T), so Socket stays a
// plain value. The interface is the subset of std::optional the code uses.
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace sockscope::model {

template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): like std::optional
  Boxed(const T& value) : p_(std::make_unique<T>(value)) {}  // NOLINT(google-explicit-constructor)
  Boxed(const Boxed& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(const T& value) {
    emplace() = value;
    return *this;
  }
  Boxed& operator=(std::nullopt_t) {
    p_.reset();
    return *this;
  }

  // Sets a default T (reusing the allocation when there is one).
  T& emplace() {
    if (p_)
      *p_ = T{};
    else
      p_ = std::make_unique<T>();
    return *p_;
  }
  void reset() { p_.reset(); }

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return p_ != nullptr; }
  const T& operator*() const { return *p_; }
  T& operator*() { return *p_; }
  const T* operator->() const { return p_.get(); }
  T* operator->() { return p_.get(); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace sockscope::model
