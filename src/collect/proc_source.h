// The /proc/net socket source: the fallback when sock_diag is unavailable
// (and the reader behind --proc-root replays). Reads /proc/net/{tcp,tcp6,
// udp,udp6,unix} through a ProcFs, deduplicates and stamps the namespace.
//
// /proc/net/tcp is a seq_file produced a page at a time while sockets come
// and go, so one read can print the same socket twice; rows are
// deduplicated by inode, or by the full tuple for inode-0 rows (TIME-WAIT,
// SYN-RECV). What /proc cannot tell is left unknown (send_q_known = false for
// listeners and UNIX sockets; no cookie, no tcp_info).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"
#include "model/snapshot.h"
#include "procfs/proc_fs.h"

namespace sockscope::collect {

struct ProcSourceOptions {
  bool tcp = true;
  bool udp = false;
  bool unix_sockets = false;
  bool raw = false;      // raw, raw6 (MPTCP has no /proc/net table)
  bool netlink = false;  // netlink
  bool packet = false;   // packet
  bool inet4 = true;     // read tcp/udp
  bool inet6 = true;     // read tcp6/udp6
  // Read <root>/<pid>/net/* instead of <root>/net/*: the namespace of pid.
  std::optional<int32_t> pid;
};

struct ProcSourceResult {
  std::vector<model::Socket> sockets;
  uint64_t netns = 0;  // 0 when the namespace link could not be read
  // Missing files (no IPv6 in this kernel, no UNIX sockets module), skipped
  // lines, duplicates dropped, an unreadable namespace link.
  std::vector<model::Note> notes;
};

// Fails (kNotFound, or the error of the first file) only when none of the
// requested files could be read; otherwise every problem is a note.
// Thread-safe when proc is.
base::Result<ProcSourceResult> CollectFromProc(procfs::ProcFs& proc,
                                               const ProcSourceOptions& options = {});

}  // namespace sockscope::collect
