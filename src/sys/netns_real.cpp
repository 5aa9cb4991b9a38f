#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "sys/netns.h"

namespace sockscope::sys {
namespace {

class RealNetnsImpl final : public Netns {
 public:
  base::Result<base::UniqueFd> Open(const std::string& path) override {
    // stat() first: opening a FIFO (or a device) read-only could block
    // forever. nsfs files are regular files to stat(); O_NONBLOCK covers a
    // path swapped for a FIFO between the two calls.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      return base::ErrorFromErrno(errno, fmt::format("namespace {}", path));
    if (!S_ISREG(st.st_mode))
      return base::MakeError(base::ErrorKind::kUsage,
                             fmt::format("{} is not a namespace file", path));
    base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (!fd.valid()) return base::ErrorFromErrno(errno, fmt::format("open namespace {}", path));
    // Any readable file opens; only an nsfs file of a network namespace may be
    // entered. Checking here turns a stray path (or a stale empty file left in
    // /run/netns by a failed `ip netns add`) into a clear error instead of an
    // EINVAL from setns later.
    constexpr long kNsfsMagic = 0x6e736673;  // NSFS_MAGIC, linux/magic.h
    struct statfs fs {};
    if (::fstatfs(fd.get(), &fs) != 0)
      return base::ErrorFromErrno(errno, fmt::format("statfs namespace {}", path));
    if (static_cast<long>(fs.f_type) != kNsfsMagic)
      return base::MakeError(base::ErrorKind::kUsage,
                             fmt::format("{} is not a namespace file", path));
    // NS_GET_NSTYPE exists since Linux 4.11; older kernels answer ENOTTY and
    // setns itself rejects another namespace type.
    int type = ::ioctl(fd.get(), NS_GET_NSTYPE);
    if (type >= 0 && type != CLONE_NEWNET)
      return base::MakeError(base::ErrorKind::kUsage,
                             fmt::format("{} is not a network namespace", path));
    return fd;
  }

  base::Result<uint64_t> Inode(int fd) override {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return base::ErrorFromErrno(errno, "fstat namespace");
    return static_cast<uint64_t>(st.st_ino);
  }

  base::Result<void> RunInside(int fd, const std::function<void()>& work) override {
    auto target = Inode(fd);
    if (!target) return target.error();
    base::Result<void> outcome;
    try {
      std::thread worker([&] {
        if (::setns(fd, CLONE_NEWNET) != 0) {
          outcome = base::ErrorFromErrno(errno, "enter network namespace (setns)");
          return;
        }
        struct stat st {};
        if (::stat("/proc/thread-self/ns/net", &st) != 0 ||
            static_cast<uint64_t>(st.st_ino) != *target) {
          outcome = base::MakeError(
              base::ErrorKind::kIo,
              fmt::format("setns did not move the thread into namespace {}", *target));
          return;
        }
        work();
      });
      worker.join();
    } catch (const std::system_error& e) {
      // A pids cgroup, TasksMax or RLIMIT_NPROC: no thread, no namespace.
      return base::ErrorFromErrno(e.code().value(),
                                  "start a thread to enter the network namespace");
    }
    return outcome;
  }
};

}  // namespace

Netns& RealNetns() {
  static RealNetnsImpl netns;
  return netns;
}

}  // namespace sockscope::sys
