// Files: the file-system system calls the /proc code needs (openat, read,
// readlinkat, getdents64), behind an interface so callers can be tested with a
// fake and so the only code that calls them lives here.
//
// Every path is relative to a directory fd (pass AT_FDCWD for the current
// directory or an absolute path) and is a NUL-terminated string, so callers on
// hot paths can format it into a stack buffer. Every open adds O_CLOEXEC.
// Errors come back as base::Error built by ErrorFromErrno (ENOENT and ESRCH are
// kNotFound, EACCES and EPERM kPermission); nothing prints or throws.
// EINTR is retried at most 16 times in a row per call (none of these calls
// has a deadline), then reported as an Error with errno EINTR.
// Thread-safety: the real implementation keeps no state and is safe to call
// from any number of threads.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"

namespace sockscope::sys {

class Files {
 public:
  virtual ~Files() = default;

  // openat(dirfd, path, flags | O_CLOEXEC). The caller owns the returned fd.
  virtual base::Result<base::UniqueFd> OpenAt(int dirfd, const char* path, int flags) = 0;

  // Reads the whole file at dirfd/path (opened O_RDONLY|O_CLOEXEC|flags) until
  // EOF. /proc files report size 0, so this reads in chunks rather than
  // trusting fstat. A file longer than max_bytes fails with kMalformed rather
  // than being cut at an arbitrary byte.
  virtual base::Result<std::string> ReadFileAt(int dirfd, const char* path, size_t max_bytes,
                                               int flags = 0) = 0;

  // readlinkat into buf, without allocating. Returns the number of bytes
  // written (no NUL added). When the result fills buf the target may have been
  // cut: callers that care pass a buffer one byte larger than what they accept.
  virtual base::Result<size_t> ReadLinkAt(int dirfd, const char* path, std::span<char> buf) = 0;

  // Names in the directory at dirfd/path (without "." and ".."), in the order
  // the kernel returns them. The directory is opened afresh
  // (O_DIRECTORY|O_CLOEXEC|flags), so the offset of dirfd is never moved.
  virtual base::Result<std::vector<std::string>> ListDir(int dirfd, const char* path,
                                                         int flags = 0) = 0;

  // Convenience over ReadLinkAt for cold paths: the whole target, up to 4096 bytes.
  base::Result<std::string> ReadLinkAt(int dirfd, const char* path);
};

// The process-wide real implementation (stateless, never destroyed).
Files& RealFiles();

}  // namespace sockscope::sys
