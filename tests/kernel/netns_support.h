// Support for kernel-tier tests: a private network namespace per test.
//
// A test that derives from NetnsTest runs in a fresh network namespace with
// only `lo` (up). Children started by the test (`ss`, `sockscope`) inherit the
// namespace, so they see exactly the sockets the test made and nothing of the
// host. Creating a namespace needs CAP_SYS_ADMIN; without it the test is
// skipped with the reason. Not thread-safe: the namespace belongs to the
// calling thread, and gtest runs each test on the main thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "base/unique_fd.h"

namespace sockscope::testing {

// Moves the calling thread into a new network namespace with `lo` up, and back
// to the original namespace on destruction. Never throws: check ok().
class ScopedPrivateNetns {
 public:
  ScopedPrivateNetns();
  ~ScopedPrivateNetns();
  ScopedPrivateNetns(const ScopedPrivateNetns&) = delete;
  ScopedPrivateNetns& operator=(const ScopedPrivateNetns&) = delete;

  bool ok() const { return error_.empty(); }
  // Why the namespace could not be set up; empty when ok().
  const std::string& error() const { return error_; }
  // Inode number of the private namespace in decimal, as JSON "netns" shows it.
  const std::string& id() const { return id_; }

 private:
  base::UniqueFd original_;
  bool entered_ = false;
  std::string error_;
  std::string id_;
};

// Fixture: every test body runs in its own private namespace, or is skipped.
class NetnsTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { netns_.reset(); }
  const ScopedPrivateNetns& netns() const { return *netns_; }

 private:
  std::unique_ptr<ScopedPrivateNetns> netns_;
};

}  // namespace sockscope::testing
