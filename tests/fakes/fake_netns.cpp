#include "fakes/fake_netns.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace sockscope::fakes {
namespace {
thread_local uint64_t current_netns = 0;
}  // namespace

uint64_t CurrentFakeNetns() { return current_netns; }

base::Result<base::UniqueFd> FakeNetns::Open(const std::string& path) {
  auto it = namespaces_.find(path);
  if (it == namespaces_.end() || it->second.behaviour == Behaviour::kVanished)
    return base::ErrorFromErrno(ENOENT, "namespace " + path);
  // A real descriptor, so UniqueFd owns something; its number is the key.
  base::UniqueFd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return base::ErrorFromErrno(errno, "open /dev/null");
  std::lock_guard lock(mu_);
  open_[fd.get()] = it->second;
  return fd;
}

base::Result<uint64_t> FakeNetns::Inode(int fd) {
  std::lock_guard lock(mu_);
  auto it = open_.find(fd);
  if (it == open_.end()) return base::ErrorFromErrno(EBADF, "fstat namespace");
  return it->second.inode;
}

base::Result<void> FakeNetns::RunInside(int fd, const std::function<void()>& work) {
  Entry e{};
  {
    std::lock_guard lock(mu_);
    auto it = open_.find(fd);
    if (it == open_.end()) return base::ErrorFromErrno(EBADF, "setns");
    e = it->second;
  }
  if (e.behaviour == Behaviour::kDenyEnter)
    return base::ErrorFromErrno(EPERM, "enter network namespace (setns)");
  if (e.behaviour == Behaviour::kNoThread)
    return base::ErrorFromErrno(EAGAIN, "start a thread to enter the network namespace");
  {
    std::lock_guard lock(mu_);
    ++entered_;
  }
  uint64_t saved = current_netns;
  current_netns = e.inode;
  work();
  current_netns = saved;
  return {};
}

}  // namespace sockscope::fakes
