// ReadProcessSelf: the files of /proc/self through sys::Files, plus the two
// values only system calls give (clock ticks, page size, the fd limit).
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "procfs/self_stat.h"
#include "sys/files.h"

namespace sockscope::procfs {

model::ProcessSelf ReadProcessSelf(sys::Files& files) {
  constexpr size_t kMaxStat = 4096;
  constexpr size_t kMaxProcStat = 1 << 20;  // one line per CPU: large machines
  const long ticks = ::sysconf(_SC_CLK_TCK);
  const long page = ::sysconf(_SC_PAGESIZE);
  std::optional<uint64_t> boot;
  if (auto text = files.ReadFileAt(AT_FDCWD, "/proc/stat", kMaxProcStat))
    boot = ParseBootTime(*text);
  model::ProcessSelf self;
  if (auto stat = files.ReadFileAt(AT_FDCWD, "/proc/self/stat", kMaxStat))
    self = ParseSelfStat(*stat, ticks > 0 ? static_cast<uint64_t>(ticks) : 0,
                         page > 0 ? static_cast<uint64_t>(page) : 0, boot);
  if (auto fds = files.ListDir(AT_FDCWD, "/proc/self/fd"))
    self.open_fds = fds->size() > 0 ? fds->size() - 1 : 0;  // less the listing's own fd
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    self.max_fds = limit.rlim_cur;
  return self;
}

}  // namespace sockscope::procfs
