// Small building blocks shared by the benchmark programs: an owning file
// descriptor and an error value. The benchmark programs deliberately do not
// link the sockscope libraries, so that the reference they measure against
// (baseline) and the world they build (population) stay independent of the
// code under test.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace sockscope::bench {

// Sole owner of a file descriptor; closes it on destruction. Move-only.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) Reset(other.Release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() { return std::exchange(fd_, -1); }
  // Closes the current fd (never retried on EINTR: Linux releases it anyway).
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

// Success, or a message that names the failed operation first.
class [[nodiscard]] Status {
 public:
  static Status Ok() { return Status(); }
  static Status Fail(std::string message) { return Status(std::move(message)); }
  // "what: strerror(errno)", read from errno at the call.
  static Status Errno(std::string_view what);

  bool ok() const { return message_.empty(); }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::string message_;
};

}  // namespace sockscope::bench
