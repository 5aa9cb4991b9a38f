#include "collect/kernel_owners.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sockscope::collect {

base::Result<model::OwnerIndex> BuildOwnerIndexFromKernel(
    sys::SocketFdSource& source, const std::unordered_set<uint64_t>* wanted,
    size_t expected_sockets, const base::Deadline& deadline, EpollFds* epoll_fds) {
  struct Found {
    uint64_t inode;
    int32_t pid;
    int32_t fd;
  };
  std::vector<Found> found;
  found.reserve(expected_sockets);
  std::unordered_map<int32_t, std::string> comms;  // by pid, owners only
  std::unordered_set<int32_t> pids;                // every process holding a socket
  auto read = source.Read(deadline, [&](const sys::SocketFd& fd) {
    if (fd.epoll) {
      if (epoll_fds) (*epoll_fds)[fd.pid].push_back(fd.fd);
      return;
    }
    pids.insert(fd.pid);
    if (wanted && !wanted->contains(fd.inode)) return;
    found.push_back({fd.inode, fd.pid, fd.fd});
    comms.try_emplace(fd.pid, fd.comm);
  });
  if (!read) return read.error();
  // The index's order (and the /proc walk's): by inode, then pid, then fd.
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (a.inode != b.inode) return a.inode < b.inode;
    return a.pid != b.pid ? a.pid < b.pid : a.fd < b.fd;
  });
  model::OwnerIndex index;
  index.processes_scanned = static_cast<uint32_t>(pids.size());
  index.Reserve(found.size());
  for (const Found& f : found) index.Add(f.inode, model::Owner{f.pid, f.fd, comms[f.pid]});
  return index;
}

}  // namespace sockscope::collect
