// Sysctl limits that matter for connection queues (model::Limits): parsing of
// the sysctl files' text (pure) and reading them through a ProcFs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/counters.h"
#include "procfs/proc_fs.h"

namespace sockscope::procfs {

// The whitespace-separated signed integers of a sysctl file ("4096\n",
// "32768\t60999\n", "22062 29419 44124\n"). nullopt unless there are exactly
// `count` of them and nothing else.
std::optional<std::vector<int64_t>> ParseSysctlInts(std::string_view text, size_t count);

struct LimitsRead {
  model::Limits limits;
  // Sysctls that could not be read or parsed: "net/core/somaxconn: <reason>".
  // A missing file leaves its optional empty; it is not an error by itself
  // (older kernels and some containers lack some of them).
  std::vector<std::string> problems;
};

// Reads somaxconn, tcp_max_syn_backlog, tcp_syncookies, tcp_abort_on_overflow,
// ip_local_port_range, tcp_max_tw_buckets, tcp_max_orphans and tcp_mem through
// proc.ReadSysctl. The kernel answers for the network namespace of the calling
// thread. Thread-safe when proc is.
LimitsRead ReadLimits(ProcFs& proc);

}  // namespace sockscope::procfs
