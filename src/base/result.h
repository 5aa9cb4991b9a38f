// Result<T>: a value or an Error, shaped like std::expected (which clang 14 with
// libstdc++ 12 lacks) so it can be swapped for it later.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "base/error.h"

namespace sockscope::base {

// Wraps an Error so `return Unexpected(err);` reads like std::unexpected.
struct Unexpected {
  Error error;
  explicit Unexpected(Error e) : error(std::move(e)) {}
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Unexpected u) : data_(std::move(u.error)) {}  // NOLINT(google-explicit-constructor)
  Result(Error e) : data_(std::move(e)) {}             // NOLINT(google-explicit-constructor)

  bool has_value() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<T>(std::move(data_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!has_value());
    return std::get<Error>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT
  Result(Error e) : error_(std::move(e)), ok_(false) {}             // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace sockscope::base
