// The exporter's own process, as Prometheus client libraries export it
// (process_* metrics): what an operator needs to see that sockscope itself
// stays within the memory and fd limits its systemd unit or pod sets. Each
// field is nullopt when it could not be read; no series then, never a 0.
#pragma once

#include <cstdint>
#include <optional>

namespace sockscope::model {

struct ProcessSelf {
  std::optional<double> cpu_seconds;         // user + system
  std::optional<uint64_t> resident_bytes;    // RSS
  std::optional<uint64_t> virtual_bytes;     // VSZ
  std::optional<double> start_time_seconds;  // Unix time the process started
  std::optional<uint64_t> open_fds;
  std::optional<uint64_t> max_fds;  // RLIMIT_NOFILE soft limit
};

}  // namespace sockscope::model
