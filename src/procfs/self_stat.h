// Parsers for the exporter's process_* metrics: /proc/self/stat (CPU time,
// start time, virtual and resident size) and the btime line of /proc/stat.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "model/process_self.h"

namespace sockscope::procfs {

// Fields of a stat line "pid (comm) S ppid ...": comm may hold spaces and
// parentheses, so fields are counted after the LAST ')'. `ticks_per_second`
// (sysconf(_SC_CLK_TCK)), `page_size` and `boot_time` (seconds since the
// epoch, from ParseBootTime) convert the kernel's units. Fields that are
// missing or not numbers stay nullopt.
model::ProcessSelf ParseSelfStat(std::string_view stat, uint64_t ticks_per_second,
                                 uint64_t page_size, std::optional<uint64_t> boot_time);

// The "btime N" line of /proc/stat; nullopt when absent or malformed.
std::optional<uint64_t> ParseBootTime(std::string_view proc_stat);

}  // namespace sockscope::procfs

namespace sockscope::sys {
class Files;
}  // namespace sockscope::sys

namespace sockscope::procfs {

// The calling process's process_* values: /proc/self/stat, /proc/stat,
// the entries of /proc/self/fd and RLIMIT_NOFILE (process_self_real.cpp).
// What cannot be read stays nullopt.
model::ProcessSelf ReadProcessSelf(sys::Files& files);

}  // namespace sockscope::procfs
