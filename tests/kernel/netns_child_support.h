// A forked child that lives in a network namespace of its own (unshare) and
// holds a TCP listener there, for tests that look at several namespaces
// (`-N pid:PID`, collect::CollectNamespaces). The child waits until the
// holder is destroyed, then exits and is reaped. Not thread-safe: meant for
// the test's main thread. Needs CAP_SYS_ADMIN; check ok().
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "base/unique_fd.h"

namespace sockscope::testing {

class NetnsChild {
 public:
  // The child unshares its network namespace and listens on 0.0.0.0:port
  // (which needs no `lo`). With run_as_uid, it then becomes that user (uid and
  // gid) and stays dumpable, so that user may read its /proc entries.
  explicit NetnsChild(uint16_t port, int run_as_uid = -1);
  ~NetnsChild();
  NetnsChild(const NetnsChild&) = delete;
  NetnsChild& operator=(const NetnsChild&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  pid_t pid() const { return pid_; }
  // Inode of the child's namespace in decimal, as JSON "netns" shows it.
  const std::string& netns_id() const { return netns_id_; }

 private:
  pid_t pid_ = -1;
  base::UniqueFd quit_;
  std::string error_;
  std::string netns_id_;
};

}  // namespace sockscope::testing
