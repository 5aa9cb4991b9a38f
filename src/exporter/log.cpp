#include "exporter/log.h"

#include <unistd.h>

namespace sockscope::exporter {
namespace {

// A log line is never worth hanging for: EINTR is retried a bounded number
// of times in a row (as sys/files.h does), any other failure drops the line.
void ToStderr(const std::string& line) {
  constexpr int kMaxInterrupted = 16;
  size_t done = 0;
  int interrupted = 0;
  while (done < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      interrupted = 0;
    } else if (n < 0 && errno == EINTR && ++interrupted < kMaxInterrupted) {
      continue;
    } else {
      return;  // a closed or failing stderr must not stop the exporter
    }
  }
}

}  // namespace

Log::Log(Sink sink) : sink_(sink ? std::move(sink) : Sink(ToStderr)) {}

void Log::Info(std::string_view msg, std::initializer_list<base::LogField> fields) {
  Write("info", msg, fields, 0);
}

void Log::Warn(std::string_view msg, std::initializer_list<base::LogField> fields) {
  Write("warn", msg, fields, 0);
}

void Log::WarnLimited(const std::string& key, std::chrono::steady_clock::duration interval,
                      std::string_view msg, std::initializer_list<base::LogField> fields) {
  const auto now = std::chrono::steady_clock::now();
  uint64_t suppressed = 0;
  {
    std::lock_guard lock(mu_);
    auto [it, first] = limits_.try_emplace(key);
    Limit& l = it->second;
    if (!first && now - l.last < interval) {
      ++l.suppressed;
      return;
    }
    suppressed = l.suppressed;
    l.suppressed = 0;
    l.last = now;
  }
  Write("warn", msg, fields, suppressed);
}

void Log::Write(std::string_view level, std::string_view msg,
                std::initializer_list<base::LogField> fields, uint64_t suppressed) {
  std::string line = base::LogfmtLine(std::chrono::system_clock::now(), level, msg, fields);
  if (suppressed > 0) {
    line.pop_back();  // the newline: the count goes last
    line += " suppressed=" + std::to_string(suppressed) + "\n";
  }
  std::lock_guard lock(mu_);
  sink_(line);
}

}  // namespace sockscope::exporter
