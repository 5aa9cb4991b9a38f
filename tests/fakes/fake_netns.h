// FakeNetns: sys::Netns for tests, so namespace collection (entering,
// refusals, the /proc/PID/net fallback, namespaces that vanish) runs without
// root. Namespaces are paths mapped to inodes; RunInside runs the work on the
// calling thread with CurrentFakeNetns() set to the inode, which
// FakeProcFs::ForThreadNetns reads to serve that namespace's files.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "sys/netns.h"

namespace sockscope::fakes {

// The namespace a FakeNetns::RunInside on this thread is in; 0 outside.
uint64_t CurrentFakeNetns();

class FakeNetns final : public sys::Netns {
 public:
  enum class Behaviour { kEnter, kDenyEnter, kNoThread, kVanished };
  void Add(const std::string& path, uint64_t inode, Behaviour b = Behaviour::kEnter) {
    namespaces_[path] = {inode, b};
  }
  int entered() const { return entered_; }

  base::Result<base::UniqueFd> Open(const std::string& path) override;
  base::Result<uint64_t> Inode(int fd) override;
  base::Result<void> RunInside(int fd, const std::function<void()>& work) override;

 private:
  struct Entry {
    uint64_t inode;
    Behaviour behaviour;
  };
  std::map<std::string, Entry> namespaces_;
  std::mutex mu_;
  std::map<int, Entry> open_;  // guarded by mu_
  int entered_ = 0;            // guarded by mu_
};

}  // namespace sockscope::fakes
