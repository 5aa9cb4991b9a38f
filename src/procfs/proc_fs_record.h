// Recording and replaying a ProcFs (--record / --replay, docs/record-replay.md).
//
// Every call is one record keyed by the path it reads, relative to the root:
//   net/<name>, <pid>/net/<name>   ReadNetFile
//   sys/<key>                      ReadSysctl
//   self/ns/net, <pid>/ns/net      ReadNetnsLink
//   pids                           ListPids (payload: the pids, space-separated)
//   <pid>                          OpenPid (empty payload)
//   <pid>/comm, <pid>/fd           ReadComm, ListFds (payload: the fds)
//   <pid>/fd/<fd>                  ReadFdLink
//   <pid>/stat, <pid>/fdinfo/<fd>  ReadStat, ReadFdInfo (epoll fds only)
// followed by "ok" and the answer as payload, or by the error. Only fd links
// that name a socket ("socket:[N]") or an epoll instance are kept: any other
// target (a file path, a pipe) is recorded as "-", which the owner walk
// ignores the same way, so a recording never holds the paths of files a
// process has open.
//
// Replay serves each key's answers in recorded order, the last one again once
// all were served. A key never recorded fails with kind kNotFound, "not in the
// recording". Both the recording and the replaying ProcFs are thread-safe (the
// owner walk reads from several threads).
#pragma once

#include <memory>
#include <string_view>

#include "base/result.h"
#include "procfs/proc_fs.h"
#include "sys/record_file.h"

namespace sockscope::procfs {

// inner and out must outlive the returned ProcFs.
std::unique_ptr<ProcFs> MakeRecordingProcFs(ProcFs& inner, sys::RecordWriter& out);

// Parses a procfs record file. kMalformed for a corrupt or truncated file.
base::Result<std::unique_ptr<ProcFs>> MakeReplayProcFs(std::string_view file);

}  // namespace sockscope::procfs
