// The exporter's log: logfmt lines (base/logfmt.h) with time and level on
// stderr, where journald or the container runtime collects them. Events that
// repeat every scrape (a failing collector) are rate-limited per key: the
// first is written, then at most one per `interval`, carrying how many were
// left out in between. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>

#include "base/logfmt.h"

namespace sockscope::exporter {

class Log {
 public:
  using Sink = std::function<void(const std::string& line)>;
  // Lines go to `sink`; the default writes them to stderr.
  explicit Log(Sink sink = {});

  void Info(std::string_view msg, std::initializer_list<base::LogField> fields = {});
  void Warn(std::string_view msg, std::initializer_list<base::LogField> fields = {});
  // Warn, at most once per `interval` for one `key`; a line after a quiet
  // spell carries suppressed=N.
  void WarnLimited(const std::string& key, std::chrono::steady_clock::duration interval,
                   std::string_view msg, std::initializer_list<base::LogField> fields = {});

 private:
  void Write(std::string_view level, std::string_view msg,
             std::initializer_list<base::LogField> fields, uint64_t suppressed);

  Sink sink_;
  std::mutex mu_;
  struct Limit {
    std::chrono::steady_clock::time_point last{};
    uint64_t suppressed = 0;
  };
  std::map<std::string, Limit> limits_;
};

}  // namespace sockscope::exporter
