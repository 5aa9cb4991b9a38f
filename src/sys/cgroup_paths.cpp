#include "sys/cgroup_paths.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <deque>
#include <memory>
#include <unordered_set>

#include "base/unique_fd.h"

namespace sockscope::sys {

std::unordered_map<uint64_t, std::string> FindCgroupPaths(std::span<const uint64_t> ids,
                                                          const char* mount,
                                                          const base::Deadline& deadline,
                                                          size_t max_dirs) {
  std::unordered_map<uint64_t, std::string> found;
  std::unordered_set<uint64_t> wanted(ids.begin(), ids.end());
  wanted.erase(0);
  if (wanted.empty()) return found;
  std::deque<std::string> queue{"/"};
  size_t dirs = 0;
  while (!queue.empty() && found.size() < wanted.size() && dirs < max_dirs && !deadline.Expired()) {
    const std::string relative = std::move(queue.front());
    queue.pop_front();
    ++dirs;
    const std::string path = std::string(mount) + (relative == "/" ? "" : relative);
    base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) continue;  // gone meanwhile, or not readable: its ids stay unknown
    struct stat st {};
    if (::fstat(fd.get(), &st) == 0 && wanted.count(st.st_ino)) found.emplace(st.st_ino, relative);
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(fd.get()), ::closedir);
    if (!dir) continue;
    (void)fd.Release();  // the DIR owns it now
    while (const dirent* entry = ::readdir(dir.get())) {
      if (entry->d_type != DT_DIR) continue;
      const std::string_view name(entry->d_name);
      if (name == "." || name == "..") continue;
      queue.push_back(relative == "/" ? "/" + std::string(name)
                                      : relative + "/" + std::string(name));
    }
  }
  return found;
}

}  // namespace sockscope::sys
