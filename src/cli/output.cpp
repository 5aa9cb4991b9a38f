#include "cli/output.h"

#include <unistd.h>

#include <cerrno>

namespace sockscope::cli {
namespace {
bool WriteFd(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;  // EPIPE and friends: the reader is gone
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}
}  // namespace

bool WriteStdout(std::string_view text) { return WriteFd(STDOUT_FILENO, text); }

void PrintError(std::string_view message) {
  std::string line = "sockscope: ";
  line += message;
  if (line.back() != '\n') line += '\n';
  WriteFd(STDERR_FILENO, line);
}

}  // namespace sockscope::cli
