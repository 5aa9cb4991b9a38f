// Owners: which processes hold a socket, found by walking /proc/PID/fd.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
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
// Kept flat, one inode and one Owner per holder sorted by (inode, pid,
// fd), not as a map of vectors: at 100k sockets that is 48 bytes a holder
// instead of about 100, and a streamed `ls -p` holds every socket's owners
// for the whole listing.
struct OwnerIndex {
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

  // One holder of `inode`. Builders add in (inode, pid, fd) order; any
  // other order is sorted on the first Find.
  void Add(uint64_t inode, Owner owner) {
    if (!inodes_.empty() && Before(inode, owner, inodes_.back(), owners_.back())) sorted_ = false;
    inodes_.push_back(inode);
    owners_.push_back(std::move(owner));
  }
  void Reserve(size_t holders) {
    inodes_.reserve(holders);
    owners_.reserve(holders);
  }
  // Every holder of `inode`, by pid then fd; empty: nobody was seen holding
  // it. Not thread-safe on an index built out of order until its first Find
  // (the builders add in order).
  std::span<const Owner> Find(uint64_t inode) const {
    if (!sorted_) Sort();
    auto first = std::lower_bound(inodes_.begin(), inodes_.end(), inode);
    auto last = std::upper_bound(first, inodes_.end(), inode);
    return std::span<const Owner>(owners_).subspan(static_cast<size_t>(first - inodes_.begin()),
                                                   static_cast<size_t>(last - first));
  }
  // How many sockets have a holder.
  size_t Sockets() const {
    if (!sorted_) Sort();
    size_t n = 0;
    for (size_t i = 0; i < inodes_.size(); ++i) n += i == 0 || inodes_[i] != inodes_[i - 1];
    return n;
  }
  // The same holders (the counts aside).
  bool SameHolders(const OwnerIndex& other) const {
    if (!sorted_) Sort();
    if (!other.sorted_) other.Sort();
    return inodes_ == other.inodes_ && owners_ == other.owners_;
  }

 private:
  static bool Before(uint64_t a_inode, const Owner& a, uint64_t b_inode, const Owner& b) {
    if (a_inode != b_inode) return a_inode < b_inode;
    return a.pid != b.pid ? a.pid < b.pid : a.fd < b.fd;
  }
  void Sort() const {
    std::vector<uint32_t> order(inodes_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
      return Before(inodes_[a], owners_[a], inodes_[b], owners_[b]);
    });
    std::vector<uint64_t> inodes;
    std::vector<Owner> owners;
    inodes.reserve(order.size());
    owners.reserve(order.size());
    for (uint32_t i : order) {
      inodes.push_back(inodes_[i]);
      owners.push_back(std::move(owners_[i]));
    }
    inodes_ = std::move(inodes);
    owners_ = std::move(owners);
    sorted_ = true;
  }
  mutable std::vector<uint64_t> inodes_;  // sorted; owners_[i] holds inodes_[i]
  mutable std::vector<Owner> owners_;
  mutable bool sorted_ = true;
};

}  // namespace sockscope::model
