// Namespaces and processes for the -N kernel tests (netns_test.cpp). Each
// class removes what it made in its destructor. Not thread-safe: meant for the
// test's main thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "socket_support.h"

namespace sockscope::testing {

// A listener on 127.0.0.1:port and `connections` clients whose connections
// wait in its accept queue (nobody accepts), made in the calling thread's
// namespace.
struct Stuck {
  UniqueFd listener;
  std::vector<UniqueFd> clients;
};
Stuck MakeStuck(uint16_t port, int backlog, int connections);

// Runs fn on a thread that joined the namespace of netns_fd; rethrows.
void InNetns(int netns_fd, const std::function<void()>& fn);

// `ip netns add NAME` with lo up; `ip netns del NAME` on destruction.
class NamedNetns {
 public:
  explicit NamedNetns(std::string name);
  ~NamedNetns();
  NamedNetns(const NamedNetns&) = delete;
  NamedNetns& operator=(const NamedNetns&) = delete;
  const std::string& name() const { return name_; }
  std::string path() const { return "/run/netns/" + name_; }
  uint64_t inode() const { return inode_; }
  int fd() const { return fd_.get(); }

 private:
  std::string name_;
  bool created_ = false;
  UniqueFd fd_;
  uint64_t inode_ = 0;
};

// A forked child in a new unnamed network namespace holding a Stuck listener;
// optionally running as nobody (65534) afterwards. Killed on destruction.
class HolderChild {
 public:
  HolderChild(uint16_t port, int backlog, int connections, bool drop_to_nobody = false);
  ~HolderChild();
  HolderChild(const HolderChild&) = delete;
  HolderChild& operator=(const HolderChild&) = delete;
  pid_t pid() const { return pid_; }
  uint64_t inode() const { return inode_; }
  // Kills and reaps the child now: its namespace goes away with it.
  void Kill();

 private:
  pid_t pid_ = -1;
  uint64_t inode_ = 0;
  UniqueFd quit_;
};

// A cgroup v2 directory tree under root, removed (processes moved back to
// root first) on destruction. ok() is false when root is not writable.
class ScopedCgroup {
 public:
  ScopedCgroup(const std::string& root, const std::string& name);
  ~ScopedCgroup();
  ScopedCgroup(const ScopedCgroup&) = delete;
  ScopedCgroup& operator=(const ScopedCgroup&) = delete;
  bool ok() const { return !dirs_.empty(); }
  std::string dir() const { return dirs_.empty() ? "" : dirs_.front(); }
  // Makes dir()/name; false when it could not.
  bool AddChild(const std::string& name);
  static bool Move(pid_t pid, const std::string& dir);

 private:
  std::vector<std::string> dirs_;  // parent first
};

}  // namespace sockscope::testing
