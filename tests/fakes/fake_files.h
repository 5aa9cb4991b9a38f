// FakeFiles: sys::Files over in-memory files and directories, by absolute
// path (dirfd is ignored: callers pass AT_FDCWD with absolute paths).
// Anything not set is ENOENT, a path set as denied is EACCES. Set up before
// use; afterwards read-only and safe from any thread.
#pragma once

#include <cerrno>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/error.h"
#include "sys/files.h"

namespace sockscope::fakes {

class FakeFiles final : public sys::Files {
 public:
  using sys::Files::ReadLinkAt;
  void SetFile(const std::string& path, std::string contents) {
    files_[path] = std::move(contents);
  }
  void SetDir(const std::string& path, std::vector<std::string> names) {
    dirs_[path] = std::move(names);
  }
  void Deny(const std::string& path) { denied_.insert(path); }

  base::Result<base::UniqueFd> OpenAt(int, const char* path, int) override {
    return base::ErrorFromErrno(denied_.count(path) ? EACCES : ENOENT, path);
  }
  base::Result<std::string> ReadFileAt(int, const char* path, size_t max_bytes, int) override {
    if (denied_.count(path)) return base::ErrorFromErrno(EACCES, path);
    auto it = files_.find(path);
    if (it == files_.end()) return base::ErrorFromErrno(ENOENT, path);
    if (it->second.size() > max_bytes)
      return base::MakeError(base::ErrorKind::kMalformed, std::string(path) + ": too long");
    return it->second;
  }
  base::Result<size_t> ReadLinkAt(int, const char* path, std::span<char>) override {
    return base::ErrorFromErrno(ENOENT, path);
  }
  base::Result<std::vector<std::string>> ListDir(int, const char* path, int) override {
    if (denied_.count(path)) return base::ErrorFromErrno(EACCES, path);
    auto it = dirs_.find(path);
    if (it == dirs_.end()) return base::ErrorFromErrno(ENOENT, path);
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
  std::map<std::string, std::vector<std::string>> dirs_;
  std::set<std::string> denied_;
};

}  // namespace sockscope::fakes
