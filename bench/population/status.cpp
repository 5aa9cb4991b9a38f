#include "status.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sockscope::bench {

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Status Status::Errno(std::string_view what) {
  const int err = errno;
  std::string message(what);
  message += ": ";
  message += std::strerror(err);
  return Status(std::move(message));
}

}  // namespace sockscope::bench
