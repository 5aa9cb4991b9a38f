// FakeProcFs: an in-memory procfs::ProcFs for tests. Files are a map from a
// path relative to the root ("net/tcp", "sys/net/core/somaxconn",
// "123/net/tcp") to contents; processes have a comm and fd links, and can be
// made to vanish at a chosen step of the owner walk or to deny their fd
// directory, the way real processes do under churn and without privileges.
//
// Set up before use; afterwards the fake is read-only and therefore safe to
// share between the owner walk's threads (call counters are atomic).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "procfs/proc_fs.h"

namespace sockscope::fakes {

// Where a fake process disappears during the walk.
enum class VanishAt {
  kNever,
  kOpen,      // listed by ListPids, gone by OpenPid (ENOENT)
  kListFds,   // opened, gone before its fd directory is read
  kReadLink,  // every readlink of its fds fails with ENOENT
  kReadComm,  // fds read, then comm fails with ESRCH
};

struct FakeProcess {
  std::string comm;                    // without the trailing newline
  std::map<int32_t, std::string> fds;  // fd -> link target ("socket:[123]", "/dev/null")
  VanishAt vanish_at = VanishAt::kNever;
  bool fd_dir_denied = false;  // ListFds fails with EACCES
  int list_fds_errno = 0;      // nonzero: ListFds fails with it (EMFILE, EIO, ...)
  bool open_denied = false;    // OpenPid fails with EACCES
  // Listed by ListFds but closed before their link is read (readlink ENOENT).
  std::vector<int32_t> closed_after_listing;
  std::string stat;                       // <pid>/stat; empty: ENOENT
  std::map<int32_t, std::string> fdinfo;  // fd -> <pid>/fdinfo/<fd>
};

class FakeProcFs : public procfs::ProcFs {
 public:
  void SetFile(const std::string& path, std::string contents) {
    files_[path] = std::move(contents);
  }
  void RemoveFile(const std::string& path) { files_.erase(path); }
  // Target of self/ns/net, or <pid>/ns/net when pid is given.
  void SetNetnsLink(std::string target, std::optional<int32_t> pid = std::nullopt) {
    netns_links_[pid.value_or(-1)] = std::move(target);
  }
  FakeProcess& AddProcess(int32_t pid, std::string comm) {
    auto& p = processes_[pid];
    p.comm = std::move(comm);
    return p;
  }
  FakeProcess& process(int32_t pid) { return processes_.at(pid); }
  // The process exits: gone from the listing, its ns/net link with it.
  void RemoveProcess(int32_t pid) {
    processes_.erase(pid);
    netns_links_.erase(pid);
  }
  void SetListPidsError(std::optional<base::Error> e) { list_pids_error_ = std::move(e); }

  int open_pid_calls() const { return open_pid_calls_.load(); }
  int read_comm_calls() const { return read_comm_calls_.load(); }
  // How many times /proc/net/<name> (of the fake's own namespace) was read.
  int net_file_reads(const std::string& name) const {
    std::lock_guard<std::mutex> lock(net_file_reads_mutex_);
    auto it = net_file_reads_.find(name);
    return it == net_file_reads_.end() ? 0 : it->second;
  }

  base::Result<std::string> ReadNetFile(std::string_view name, std::optional<int32_t> pid) override;
  base::Result<std::string> ReadSysctl(std::string_view key) override;
  base::Result<std::string> ReadNetnsLink(std::optional<int32_t> pid) override;
  base::Result<std::vector<int32_t>> ListPids() override;
  base::Result<std::unique_ptr<procfs::PidDir>> OpenPid(int32_t pid) override;
  // Inside a FakeNetns::RunInside, own-namespace files of namespace N are
  // read from "netns/N/net/<name>" and "netns/N/sys/<key>", and ns/net
  // answers "net:[N]"; outside one, the view reads like this fake.
  std::unique_ptr<procfs::ProcFs> ForThreadNetns() override;

  void CountReadComm() { read_comm_calls_.fetch_add(1); }
  // Any file by its path relative to the root.
  base::Result<std::string> ReadPath(const std::string& path) const;

 private:
  std::map<std::string, std::string> files_;
  std::map<int32_t, std::string> netns_links_;
  std::map<int32_t, FakeProcess> processes_;
  std::optional<base::Error> list_pids_error_;
  std::atomic<int> open_pid_calls_{0};
  std::atomic<int> read_comm_calls_{0};
  mutable std::mutex net_file_reads_mutex_;
  std::map<std::string, int> net_file_reads_;
};

}  // namespace sockscope::fakes
