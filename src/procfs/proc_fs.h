// ProcFs: read access to a /proc tree, rooted at a directory ("/proc" on a
// live system, a recorded tree for tests and --proc-root). The real
// implementation goes through sys::Files with one directory fd for the root;
// tests use the in-memory fake in tests/fakes/fake_proc_fs.h.
//
// Errors are base::Error values: kNotFound when a file or process is gone
// (ENOENT/ESRCH), kPermission when access is denied, kMalformed for contents
// over the size cap. Thread-safety: a ProcFs may be used from several threads
// at once (the owner walk does); a PidDir belongs to the thread that opened it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sys/files.h"

namespace sockscope::procfs {

// One process, opened as an O_DIRECTORY|O_NOFOLLOW dirfd of <root>/PID so a
// pid reused mid-walk cannot redirect later reads to another process's files.
class PidDir {
 public:
  virtual ~PidDir() = default;
  virtual int32_t pid() const = 0;
  // Contents of <pid>/comm without the trailing newline. Untrusted bytes: kept
  // raw, escaped only when rendered.
  virtual base::Result<std::string> ReadComm() = 0;
  // The numeric entries of <pid>/fd. kPermission when the fd directory is not
  // readable (another user's process without CAP_SYS_PTRACE).
  virtual base::Result<std::vector<int32_t>> ListFds() = 0;
  // The target of <pid>/fd/<fd>, written into buf (no allocation); the view
  // points into buf. A target that fills buf entirely may be cut.
  virtual base::Result<std::string_view> ReadFdLink(int32_t fd, std::span<char> buf) = 0;
  // <pid>/stat (one line: "pid (comm) S ppid ..."), for the process state.
  virtual base::Result<std::string> ReadStat() = 0;
  // <pid>/fdinfo/<fd>: for an epoll fd, one "tfd: ..." line per watched file.
  virtual base::Result<std::string> ReadFdInfo(int32_t fd) = 0;
};

class ProcFs {
 public:
  virtual ~ProcFs() = default;

  // <root>/net/<name> ("tcp", "tcp6", "udp", "unix", "netstat", ...), or
  // <root>/<pid>/net/<name> for the network namespace of another process.
  // name must be a single path component.
  virtual base::Result<std::string> ReadNetFile(std::string_view name,
                                                std::optional<int32_t> pid = std::nullopt) = 0;
  // <root>/sys/<key>, key like "net/core/somaxconn". Note: the kernel answers
  // for the network namespace of the thread that opens the file, not of any pid.
  virtual base::Result<std::string> ReadSysctl(std::string_view key) = 0;
  // Target of <root>/self/ns/net (or <root>/<pid>/ns/net): "net:[4026531840]".
  virtual base::Result<std::string> ReadNetnsLink(std::optional<int32_t> pid = std::nullopt) = 0;
  // The numeric entries of <root>, ascending.
  virtual base::Result<std::vector<int32_t>> ListPids() = 0;
  // Opens <root>/<pid>. kNotFound when the process is gone.
  virtual base::Result<std::unique_ptr<PidDir>> OpenPid(int32_t pid) = 0;
  // A view of this tree whose own-namespace files (net/*, ns/net) are those
  // of the calling thread's network namespace: /proc/net follows the thread
  // group leader, /proc/thread-self/net the thread, which is what a thread
  // that entered another namespace needs. Everything else reads as here.
  // The view borrows this ProcFs, which must outlive it.
  virtual std::unique_ptr<ProcFs> ForThreadNetns() = 0;
};

// Size cap for one /proc file: /proc/net/tcp with a million sockets is ~150 MB.
constexpr size_t kMaxProcFileBytes = size_t{512} << 20;

// The real ProcFs rooted at root (opened once, O_DIRECTORY). files must
// outlive the returned object. Fails when root cannot be opened.
base::Result<std::unique_ptr<ProcFs>> MakeRealProcFs(sys::Files& files,
                                                     const std::string& root = "/proc");

// Parses a decimal directory entry name as a pid or fd: digits only, no sign,
// no leading zeros beyond "0", fits in int32. nullopt otherwise.
std::optional<int32_t> ParseDirNumber(std::string_view name);

}  // namespace sockscope::procfs
