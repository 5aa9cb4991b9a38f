#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include <fmt/format.h>

#include "sys/netns.h"

namespace sockscope::sys {

base::Result<base::UniqueFd> OpenNetns(const std::string& path) {
  base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return base::ErrorFromErrno(errno, fmt::format("open namespace {}", path));
  return fd;
}

base::Result<uint64_t> NetnsInode(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return base::ErrorFromErrno(errno, "fstat namespace");
  return static_cast<uint64_t>(st.st_ino);
}

base::Result<void> RunInNetns(int netns_fd, const std::function<void()>& work) {
  auto target = NetnsInode(netns_fd);
  if (!target) return target.error();
  base::Result<void> outcome;
  std::thread worker([&] {
    if (::setns(netns_fd, CLONE_NEWNET) != 0) {
      outcome = base::ErrorFromErrno(errno, "enter network namespace (setns)");
      return;
    }
    struct stat st {};
    if (::stat("/proc/thread-self/ns/net", &st) != 0 ||
        static_cast<uint64_t>(st.st_ino) != *target) {
      outcome =
          base::MakeError(base::ErrorKind::kIo,
                          fmt::format("setns did not move the thread into namespace {}", *target));
      return;
    }
    work();
  });
  worker.join();
  return outcome;
}

}  // namespace sockscope::sys
