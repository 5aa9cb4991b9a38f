// --record DIR / --replay DIR (docs/record-replay.md): the one place that
// decides how the kernel is reached. OpenKernel returns the real /proc tree
// and netlink, the same wrapped in recorders that save every answer under
// DIR, or replayers that serve a recording and never touch the kernel.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "procfs/proc_fs.h"
#include "sys/netlink_socket.h"
#include "sys/record_file.h"
#include "sys/socket_fds.h"

namespace sockscope::cli {

struct GlobalOptions;

// Owns whatever the returned pointers point to.
class KernelAccess {
 public:
  procfs::ProcFs* proc() const { return proc_; }
  sys::NetlinkOpener* netlink() const { return netlink_; }  // null: no netlink (--proc-root)
  // The kernel's list of socket fds (BPF); null for recordings, replays and
  // --proc-root, whose owners come from their /proc.
  sys::SocketFdSource* socket_fds() const { return socket_fds_.get(); }

 private:
  friend base::Result<std::unique_ptr<KernelAccess>> OpenKernel(const GlobalOptions&);
  std::unique_ptr<procfs::ProcFs> real_proc_, proc_owned_;
  std::unique_ptr<sys::NetlinkOpener> netlink_owned_;
  std::unique_ptr<sys::SocketFdSource> socket_fds_;
  std::unique_ptr<sys::RecordWriter> netlink_out_, proc_out_;
  procfs::ProcFs* proc_ = nullptr;
  sys::NetlinkOpener* netlink_ = nullptr;
};

// Fails with kUsage for --record or --replay combined with namespaces (-N,
// --container, --pod) or --replay with --proc-root; with the error of the
// directory or the recording otherwise (kMalformed for a corrupt recording).
base::Result<std::unique_ptr<KernelAccess>> OpenKernel(const GlobalOptions& options);

// The manifest of a recording (format, sockscope version, command line, UTC time).
std::string RecordingManifest(const std::vector<std::string>& command_line, std::string_view time);

}  // namespace sockscope::cli
