// One network namespace's counters, socket totals and limits, read through a
// ProcFs: /proc/net/netstat + /proc/net/snmp (model::Counters),
// /proc/net/sockstat, the sysctls of limits.h, and the namespace inode.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/snapshot.h"
#include "procfs/proc_fs.h"

namespace sockscope::procfs {

// "net:[4026531840]" -> 4026531840; nullopt for anything else.
std::optional<uint64_t> ParseNetnsLink(std::string_view link);

// Inode of <root>/self/ns/net (or <root>/<pid>/ns/net). kMalformed when the
// link target is not "net:[N]".
base::Result<uint64_t> ReadNetnsInode(ProcFs& proc, std::optional<int32_t> pid = std::nullopt);

struct NetnsRead {
  model::NetnsData data;
  std::vector<model::Note> notes;  // files missing or partly unparseable
};

// Reads everything for the namespace of the calling thread (pid empty) or of
// process pid. Never fails as a whole: what could not be read becomes a note,
// data.counters_ok says whether netstat or snmp gave counters. With a pid the
// sysctls are skipped (the kernel would answer for the caller's namespace, not
// pid's) and a note says so; read them from a thread inside that namespace.
// Thread-safe when proc is.
// named_counters_only: keep only the counters model/counter_keys.h names
// (about 30 of some 300; a host of 2,000 namespaces sampled twice keeps
// 4,000 sets).
NetnsRead ReadNetnsData(ProcFs& proc, std::optional<int32_t> pid = std::nullopt,
                        bool named_counters_only = false);

}  // namespace sockscope::procfs
