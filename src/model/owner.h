// Owners: which processes hold a socket, found by walking /proc/PID/fd.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace sockscope::model {

struct Owner {
  int32_t pid = 0;
  int32_t fd = 0;
  std::string comm;  // untrusted bytes: escape before printing
  bool operator==(const Owner&) const = default;
};

// What the owner walk read of a process holding a wanted socket, so a
// finding can tell which of several processes holding one listener is stuck:
// its scheduler state and the files its epoll instances watch.
struct ProcessDetail {
  char state = 0;            // /proc/PID/stat: 'R', 'S', 'D', 'T' (stopped), 't', 'Z'...; 0 unknown
  bool epoll_known = false;  // it has epoll fds and every one's fdinfo was read
  std::vector<uint64_t> epoll_watches;  // inodes its epoll fds watch, sorted
};

// inode -> every (pid, fd) holding it, plus how complete the walk was.
struct OwnerIndex {
  std::unordered_map<uint64_t, std::vector<Owner>> by_inode;
  std::unordered_map<int32_t, ProcessDetail> details;  // by pid, owners only
  uint32_t processes_scanned = 0;
  // Processes whose fd directory we could not read (EACCES/EPERM): their
  // sockets may show no owner although they have one.
  uint32_t processes_hidden = 0;
  uint32_t processes_vanished = 0;  // exited mid-walk: normal churn, not an error
  // Processes whose fds could not be read for any other reason (EMFILE,
  // ENFILE, EIO, ...): like hidden ones, their sockets' owners are unknown.
  uint32_t processes_unreadable = 0;
  // Processes holding a wanted socket whose name (comm) could not be read:
  // their owners show an empty name, which is missing data.
  uint32_t names_unreadable = 0;
  std::string first_unreadable_error;  // why the first of those failed
  // The walk (or the kernel's list) failed as a whole: no owner is known.
  bool failed = false;

  // True when every process's fd table was read: a socket with no owner in
  // the index then really has none.
  bool Complete() const { return !failed && processes_hidden == 0 && processes_unreadable == 0; }

  const std::vector<Owner>* Find(uint64_t inode) const {
    auto it = by_inode.find(inode);
    return it == by_inode.end() ? nullptr : &it->second;
  }
};

}  // namespace sockscope::model
