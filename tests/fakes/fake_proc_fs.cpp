#include "fakes/fake_proc_fs.h"

#include <cerrno>
#include <cstring>

#include "fakes/fake_netns.h"

namespace sockscope::fakes {
namespace {

using base::ErrorFromErrno;
using base::Result;

class FakePidDir final : public procfs::PidDir {
 public:
  FakePidDir(FakeProcFs& owner, int32_t pid, const FakeProcess& process)
      : owner_(owner), pid_(pid), process_(process) {}

  int32_t pid() const override { return pid_; }

  Result<std::string> ReadComm() override {
    owner_.CountReadComm();
    if (process_.vanish_at == VanishAt::kReadComm) return ErrorFromErrno(ESRCH, "read comm");
    return process_.comm;
  }

  Result<std::vector<int32_t>> ListFds() override {
    if (process_.vanish_at == VanishAt::kListFds) return ErrorFromErrno(ENOENT, "open fd");
    if (process_.fd_dir_denied) return ErrorFromErrno(EACCES, "open fd");
    if (process_.list_fds_errno) return ErrorFromErrno(process_.list_fds_errno, "open fd");
    std::vector<int32_t> fds;
    // Reverse order, as a reminder that callers must not rely on listing order.
    for (auto it = process_.fds.rbegin(); it != process_.fds.rend(); ++it) fds.push_back(it->first);
    fds.insert(fds.end(), process_.closed_after_listing.begin(),
               process_.closed_after_listing.end());
    return fds;
  }

  Result<std::string> ReadStat() override {
    if (process_.stat.empty()) return ErrorFromErrno(ENOENT, "read stat");
    return process_.stat;
  }

  Result<std::string> ReadFdInfo(int32_t fd) override {
    auto it = process_.fdinfo.find(fd);
    if (it == process_.fdinfo.end()) return ErrorFromErrno(ENOENT, "read fdinfo");
    return it->second;
  }

  Result<std::string_view> ReadFdLink(int32_t fd, std::span<char> buf) override {
    if (process_.vanish_at == VanishAt::kReadLink) return ErrorFromErrno(ENOENT, "readlink");
    auto it = process_.fds.find(fd);
    if (it == process_.fds.end()) return ErrorFromErrno(ENOENT, "readlink");
    // readlink semantics: silently cut to the buffer.
    size_t n = std::min(buf.size(), it->second.size());
    std::memcpy(buf.data(), it->second.data(), n);
    return std::string_view(buf.data(), n);
  }

 private:
  FakeProcFs& owner_;
  int32_t pid_;
  const FakeProcess& process_;
};

class FakeThreadView final : public procfs::ProcFs {
 public:
  FakeThreadView(FakeProcFs& base, uint64_t netns) : base_(base), netns_(netns) {}
  Result<std::string> ReadNetFile(std::string_view name, std::optional<int32_t> pid) override {
    if (pid || netns_ == 0) return base_.ReadNetFile(name, pid);
    return base_.ReadPath("netns/" + std::to_string(netns_) + "/net/" + std::string(name));
  }
  Result<std::string> ReadSysctl(std::string_view key) override {
    if (netns_ == 0) return base_.ReadSysctl(key);
    return base_.ReadPath("netns/" + std::to_string(netns_) + "/sys/" + std::string(key));
  }
  Result<std::string> ReadNetnsLink(std::optional<int32_t> pid) override {
    if (pid || netns_ == 0) return base_.ReadNetnsLink(pid);
    return "net:[" + std::to_string(netns_) + "]";
  }
  Result<std::vector<int32_t>> ListPids() override { return base_.ListPids(); }
  Result<std::unique_ptr<procfs::PidDir>> OpenPid(int32_t pid) override {
    return base_.OpenPid(pid);
  }
  std::unique_ptr<procfs::ProcFs> ForThreadNetns() override { return base_.ForThreadNetns(); }

 private:
  FakeProcFs& base_;
  uint64_t netns_;
};

}  // namespace

std::unique_ptr<procfs::ProcFs> FakeProcFs::ForThreadNetns() {
  return std::make_unique<FakeThreadView>(*this, CurrentFakeNetns());
}

Result<std::string> FakeProcFs::ReadPath(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return ErrorFromErrno(ENOENT, "open " + path);
  return it->second;
}

Result<std::string> FakeProcFs::ReadNetFile(std::string_view name, std::optional<int32_t> pid) {
  if (!pid) {
    std::lock_guard<std::mutex> lock(net_file_reads_mutex_);
    ++net_file_reads_[std::string(name)];
  }
  std::string path = pid ? std::to_string(*pid) + "/net/" : std::string("net/");
  path += name;
  return ReadPath(path);
}

Result<std::string> FakeProcFs::ReadSysctl(std::string_view key) {
  return ReadPath("sys/" + std::string(key));
}

Result<std::string> FakeProcFs::ReadNetnsLink(std::optional<int32_t> pid) {
  auto it = netns_links_.find(pid.value_or(-1));
  if (it == netns_links_.end()) return ErrorFromErrno(ENOENT, "readlink ns/net");
  return it->second;
}

Result<std::vector<int32_t>> FakeProcFs::ListPids() {
  if (list_pids_error_) return *list_pids_error_;
  std::vector<int32_t> pids;
  for (const auto& [pid, p] : processes_) pids.push_back(pid);
  return pids;
}

Result<std::unique_ptr<procfs::PidDir>> FakeProcFs::OpenPid(int32_t pid) {
  open_pid_calls_.fetch_add(1);
  auto it = processes_.find(pid);
  if (it == processes_.end() || it->second.vanish_at == VanishAt::kOpen) {
    return ErrorFromErrno(ENOENT, "open " + std::to_string(pid));
  }
  if (it->second.open_denied) return ErrorFromErrno(EACCES, "open " + std::to_string(pid));
  return std::unique_ptr<procfs::PidDir>(std::make_unique<FakePidDir>(*this, pid, it->second));
}

}  // namespace sockscope::fakes
