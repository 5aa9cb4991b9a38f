#include "cli/output.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "base/escape.h"

namespace sockscope::cli {
namespace {

// write(2) has no deadline: EINTR is retried this many times in a row, then
// the output counts as lost rather than spinning.
constexpr int kMaxEintrRetries = 16;
// A non-blocking stdout (inherited O_NONBLOCK) whose reader is slow: wait in
// small steps, for at most this long in total per write.
constexpr auto kMaxBlockedWait = std::chrono::seconds(10);

std::atomic<bool> g_stdout_failed{false};

// 0 when all was written, else the errno that stopped the write.
int WriteFd(int fd, std::string_view text) {
  int interrupted = 0;
  auto blocked_since = std::chrono::steady_clock::time_point{};
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n > 0) {
      text.remove_prefix(static_cast<size_t>(n));
      interrupted = 0;
      blocked_since = {};
      continue;
    }
    if (n == 0) return EIO;  // a zero-byte write of a non-empty buffer: no progress possible
    if (errno == EINTR) {
      if (++interrupted > kMaxEintrRetries) return EINTR;
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      auto now = std::chrono::steady_clock::now();
      if (blocked_since == std::chrono::steady_clock::time_point{}) blocked_since = now;
      if (now - blocked_since > kMaxBlockedWait) return EAGAIN;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    return errno;
  }
  return 0;
}

std::string Escaped(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 16);
  base::AppendEscapedForMessage(out, message);
  return out;
}

void WriteErrorLine(std::string_view body) {
  std::string line = "sockscope: ";
  line += body;
  line += '\n';
  (void)WriteFd(STDERR_FILENO, line);  // nowhere left to report a failing stderr
}

}  // namespace

WriteStatus WriteStdout(std::string_view text) {
  int err = WriteFd(STDOUT_FILENO, text);
  if (err == 0) return WriteStatus::kOk;
  if (err == EPIPE) return WriteStatus::kReaderGone;
  if (!g_stdout_failed.exchange(true)) {
    const char* what = err == EINTR    ? "interrupted by signals too many times in a row"
                       : err == EAGAIN ? "the reader did not take output for 10s"
                                       : std::strerror(err);
    WriteErrorLine(std::string("cannot write to stdout: ") + what + "; output is incomplete");
  }
  return WriteStatus::kFailed;
}

void PrintError(std::string_view message) {
  while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  WriteErrorLine(Escaped(message));
}

void PrintErrorLines(std::string_view message) {
  while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  std::string body;
  for (;;) {
    size_t nl = message.find('\n');
    base::AppendEscapedForMessage(body, message.substr(0, nl));
    if (nl == std::string_view::npos) break;
    body += '\n';
    message.remove_prefix(nl + 1);
  }
  WriteErrorLine(body);
}

}  // namespace sockscope::cli
