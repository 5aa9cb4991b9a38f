#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "sys/files.h"

namespace sockscope::sys {
namespace {

using base::ErrorFromErrno;
using base::Result;
using base::UniqueFd;

// Layout of one getdents64 record (struct linux_dirent64; glibc 2.36 has no
// wrapper on every target we build for, so it is declared here).
struct Dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

std::string Describe(const char* what, const char* path) {
  std::string s(what);
  s += ' ';
  s += path;
  return s;
}

// These calls have no deadline of their own, so an EINTR is retried a fixed
// number of times and then reported: a signal storm (or a tracer injecting
// EINTR on every call) ends in an error, never in a spin. Real interruptions
// come one at a time; 16 in a row means something keeps interrupting us.
constexpr int kMaxEintrRetries = 16;

base::Error InterruptedError(const char* what, const char* path) {
  base::Error e = ErrorFromErrno(EINTR, Describe(what, path));
  e.message += " (interrupted " + std::to_string(kMaxEintrRetries + 1) + " times in a row)";
  return e;
}

// Calls f() until it succeeds or fails with something other than EINTR, at
// most kMaxEintrRetries + 1 times. Returns f's last result; errno is EINTR
// when the bound was reached.
template <typename F>
auto RetryOnEintr(F f) {
  auto r = f();
  for (int i = 0; i < kMaxEintrRetries && r < 0 && errno == EINTR; ++i) r = f();
  return r;
}

class RealFilesImpl final : public Files {
 public:
  Result<UniqueFd> OpenAt(int dirfd, const char* path, int flags) override {
    int fd = RetryOnEintr([&] { return ::openat(dirfd, path, flags | O_CLOEXEC); });
    if (fd < 0 && errno == EINTR) return InterruptedError("open", path);
    if (fd < 0) return ErrorFromErrno(errno, Describe("open", path));
    return UniqueFd(fd);
  }

  Result<std::string> ReadFileAt(int dirfd, const char* path, size_t max_bytes,
                                 int flags) override {
    auto fd = OpenAt(dirfd, path, O_RDONLY | flags);
    if (!fd) return fd.error();
    std::string out;
    // 64 KiB first, then doubling: /proc/net/tcp of a busy host is megabytes,
    // and the seq_file interface returns at most a page or so per read anyway.
    size_t chunk = 64 * 1024;
    size_t used = 0;
    for (;;) {
      if (out.size() - used < chunk) out.resize(used + chunk);
      ssize_t n =
          RetryOnEintr([&] { return ::read(fd->get(), out.data() + used, out.size() - used); });
      if (n < 0 && errno == EINTR) return InterruptedError("read", path);
      if (n < 0) return ErrorFromErrno(errno, Describe("read", path));
      if (n == 0) break;
      used += static_cast<size_t>(n);
      if (used > max_bytes) {
        return base::MakeError(
            base::ErrorKind::kMalformed,
            Describe("read", path) + ": larger than " + std::to_string(max_bytes) + " bytes");
      }
      if (chunk < 4 * 1024 * 1024 && used >= out.size()) chunk *= 2;
    }
    out.resize(used);
    return out;
  }

  Result<size_t> ReadLinkAt(int dirfd, const char* path, std::span<char> buf) override {
    ssize_t n = RetryOnEintr([&] { return ::readlinkat(dirfd, path, buf.data(), buf.size()); });
    if (n < 0 && errno == EINTR) return InterruptedError("readlink", path);
    if (n < 0) return ErrorFromErrno(errno, Describe("readlink", path));
    return static_cast<size_t>(n);
  }

  Result<std::vector<std::string>> ListDir(int dirfd, const char* path, int flags) override {
    auto fd = OpenAt(dirfd, path, O_RDONLY | O_DIRECTORY | flags);
    if (!fd) return fd.error();
    std::vector<std::string> names;
    alignas(Dirent64) char buf[32 * 1024];
    for (;;) {
      long n = RetryOnEintr([&] { return ::syscall(SYS_getdents64, fd->get(), buf, sizeof buf); });
      if (n < 0 && errno == EINTR) return InterruptedError("list", path);
      if (n < 0) return ErrorFromErrno(errno, Describe("list", path));
      if (n == 0) break;
      for (long off = 0; off < n;) {
        Dirent64 d;
        // Copy the fixed part: records are 8-byte aligned by the kernel, but
        // copying keeps the access well-defined for any buffer.
        std::memcpy(&d, buf + off, offsetof(Dirent64, d_name));
        if (d.d_reclen == 0 || off + d.d_reclen > n) {
          return base::MakeError(base::ErrorKind::kMalformed,
                                 Describe("list", path) + ": bad getdents64 record");
        }
        const char* name = buf + off + offsetof(Dirent64, d_name);
        size_t max_len = d.d_reclen - offsetof(Dirent64, d_name);
        size_t len = strnlen(name, max_len);
        off += d.d_reclen;
        if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) {
          continue;
        }
        names.emplace_back(name, len);
      }
    }
    return names;
  }
};

}  // namespace

Result<std::string> Files::ReadLinkAt(int dirfd, const char* path) {
  char buf[4097];
  auto n = ReadLinkAt(dirfd, path, std::span<char>(buf, sizeof buf));
  if (!n) return n.error();
  if (*n >= sizeof buf) {
    return base::MakeError(base::ErrorKind::kMalformed,
                           std::string("readlink ") + path + ": target too long");
  }
  return std::string(buf, *n);
}

Files& RealFiles() {
  static RealFilesImpl* files = new RealFilesImpl();  // never destroyed: usable at exit
  return *files;
}

}  // namespace sockscope::sys
