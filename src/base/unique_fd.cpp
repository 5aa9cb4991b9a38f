#include "base/unique_fd.h"

#include <unistd.h>

namespace sockscope::base {

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);  // not retried on EINTR: the fd is gone either way
  fd_ = fd;
}

}  // namespace sockscope::base
