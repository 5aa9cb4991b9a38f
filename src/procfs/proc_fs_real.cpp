#include <fcntl.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>

#include "procfs/proc_fs.h"

namespace sockscope::procfs {
namespace {

using base::ErrorKind;
using base::MakeError;
using base::Result;
using base::UniqueFd;

// Rejects names that could leave the directory they are meant for.
bool IsSafeRelative(std::string_view path, bool allow_slash) {
  if (path.empty() || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (part.find('\0') != std::string_view::npos) return false;
    if (end != path.size() && !allow_slash) return false;
    start = end + 1;
  }
  return true;
}

// "123" into a stack buffer, NUL-terminated; no allocation.
struct NumberName {
  char text[16];
  explicit NumberName(int32_t n) {
    auto r = std::to_chars(text, text + sizeof text - 1, n);
    *r.ptr = '\0';
  }
};

class RealPidDir final : public PidDir {
 public:
  RealPidDir(sys::Files& files, int32_t pid, UniqueFd dir)
      : files_(files), pid_(pid), dir_(std::move(dir)) {}

  int32_t pid() const override { return pid_; }

  Result<std::string> ReadComm() override {
    // comm is at most 16 bytes (TASK_COMM_LEN); 64 leaves room for odd kernels.
    auto text = files_.ReadFileAt(dir_.get(), "comm", 64);
    if (!text) return text.error();
    std::string comm = std::move(*text);
    if (!comm.empty() && comm.back() == '\n') comm.pop_back();
    return comm;
  }

  Result<std::vector<int32_t>> ListFds() override {
    if (auto opened = OpenFdDir(); !opened) return opened.error();
    auto names = files_.ListDir(fd_dir_.get(), ".");
    if (!names) return names.error();
    std::vector<int32_t> fds;
    fds.reserve(names->size());
    for (const auto& name : *names) {
      if (auto n = ParseDirNumber(name)) fds.push_back(*n);
    }
    return fds;
  }

  Result<std::string_view> ReadFdLink(int32_t fd, std::span<char> buf) override {
    if (auto opened = OpenFdDir(); !opened) return opened.error();
    NumberName name(fd);
    auto n = files_.ReadLinkAt(fd_dir_.get(), name.text, buf);
    if (!n) return n.error();
    return std::string_view(buf.data(), *n);
  }

  // A stat line is a few hundred bytes; 4 KiB leaves room for a long comm.
  Result<std::string> ReadStat() override { return files_.ReadFileAt(dir_.get(), "stat", 4096); }

  // An epoll fd watching many files has one line each; 256 KiB is about
  // 2,500 watched files, beyond which the read fails (ReadFileAt's cap) and
  // the process's epoll set counts as unknown.
  Result<std::string> ReadFdInfo(int32_t fd) override {
    NumberName name(fd);
    const std::string path = std::string("fdinfo/") + name.text;
    return files_.ReadFileAt(dir_.get(), path.c_str(), 256 * 1024);
  }

 private:
  Result<void> OpenFdDir() {
    if (fd_dir_.valid()) return {};
    auto fd = files_.OpenAt(dir_.get(), "fd", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (!fd) return fd.error();
    fd_dir_ = std::move(*fd);
    return {};
  }

  sys::Files& files_;
  int32_t pid_;
  UniqueFd dir_;
  UniqueFd fd_dir_;  // <pid>/fd, opened on first use and reused for every readlinkat
};

class RealProcFs final : public ProcFs {
 public:
  RealProcFs(sys::Files& files, UniqueFd root)
      : files_(files), owned_root_(std::move(root)), root_fd_(owned_root_.get()) {}
  // A thread-self view over another RealProcFs's root (ForThreadNetns).
  RealProcFs(sys::Files& files, int root_fd)
      : files_(files), root_fd_(root_fd), self_("thread-self") {}

  Result<std::string> ReadNetFile(std::string_view name, std::optional<int32_t> pid) override {
    if (!IsSafeRelative(name, false)) {
      return MakeError(ErrorKind::kUsage, "bad /proc/net file name: " + std::string(name));
    }
    // <root>/net is <root>/self/net on a live system and the layout of a
    // recorded tree; the thread-self view names its directory.
    std::string path;
    if (pid)
      path = std::to_string(*pid) + "/";
    else if (self_ != "self")
      path = std::string(self_) + "/";
    path += "net/";
    path += name;
    return files_.ReadFileAt(root_fd_, path.c_str(), kMaxProcFileBytes);
  }

  Result<std::string> ReadSysctl(std::string_view key) override {
    if (!IsSafeRelative(key, true)) {
      return MakeError(ErrorKind::kUsage, "bad sysctl name: " + std::string(key));
    }
    // Each directory of a namespace's sysctls is opened once, then each
    // file relative to it: the kernel keeps one dentry per namespace for
    // every name under /proc/sys/net and compares a lookup with all of
    // them, so on a host of 2,000 namespaces every path component costs
    // 2,000 comparisons under one lock.
    const size_t slash = key.rfind('/');
    if (slash == std::string_view::npos) {
      std::string path = "sys/" + std::string(key);
      return files_.ReadFileAt(root_fd_, path.c_str(), 4096);
    }
    const std::string dir(key.substr(0, slash));
    const std::string name(key.substr(slash + 1));
    std::lock_guard<std::mutex> lock(sysctl_dirs_mutex_);
    auto it = sysctl_dirs_.find(dir);
    if (it == sysctl_dirs_.end()) {
      auto fd = files_.OpenAt(root_fd_, ("sys/" + dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (!fd) return fd.error();
      it = sysctl_dirs_.emplace(dir, std::move(*fd)).first;
    }
    return files_.ReadFileAt(it->second.get(), name.c_str(), 4096);
  }

  Result<std::string> ReadNetnsLink(std::optional<int32_t> pid) override {
    std::string path = (pid ? std::to_string(*pid) : std::string(self_)) + "/ns/net";
    return files_.ReadLinkAt(root_fd_, path.c_str());
  }

  Result<std::vector<int32_t>> ListPids() override {
    auto names = files_.ListDir(root_fd_, ".");
    if (!names) return names.error();
    std::vector<int32_t> pids;
    pids.reserve(names->size());
    for (const auto& name : *names) {
      if (auto n = ParseDirNumber(name)) pids.push_back(*n);
    }
    std::sort(pids.begin(), pids.end());
    return pids;
  }

  Result<std::unique_ptr<PidDir>> OpenPid(int32_t pid) override {
    NumberName name(pid);
    auto fd = files_.OpenAt(root_fd_, name.text, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (!fd) return fd.error();
    return std::unique_ptr<PidDir>(std::make_unique<RealPidDir>(files_, pid, std::move(*fd)));
  }

  std::unique_ptr<ProcFs> ForThreadNetns() override {
    return std::make_unique<RealProcFs>(files_, root_fd_);
  }

 private:
  sys::Files& files_;
  UniqueFd owned_root_;  // invalid in a thread-self view, which borrows root_fd_
  int root_fd_;
  std::string_view self_ = "self";  // "self" or "thread-self": whose net/ and ns/net
  // sysctl directories ("net/ipv4") opened so far, in this view's namespace.
  std::mutex sysctl_dirs_mutex_;
  std::map<std::string, UniqueFd> sysctl_dirs_;
};

}  // namespace

std::optional<int32_t> ParseDirNumber(std::string_view name) {
  if (name.empty() || name.size() > 10) return std::nullopt;
  if (name[0] < '0' || name[0] > '9') return std::nullopt;
  if (name.size() > 1 && name[0] == '0') return std::nullopt;
  int32_t value = 0;
  auto r = std::from_chars(name.data(), name.data() + name.size(), value);
  if (r.ec != std::errc() || r.ptr != name.data() + name.size() || value < 0) return std::nullopt;
  return value;
}

Result<std::unique_ptr<ProcFs>> MakeRealProcFs(sys::Files& files, const std::string& root) {
  auto fd = files.OpenAt(AT_FDCWD, root.c_str(), O_RDONLY | O_DIRECTORY);
  if (!fd) return fd.error().Wrap("proc root");
  return std::unique_ptr<ProcFs>(std::make_unique<RealProcFs>(files, std::move(*fd)));
}

}  // namespace sockscope::procfs
