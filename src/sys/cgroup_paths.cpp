#include "sys/cgroup_paths.h"

#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
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

std::optional<uint64_t> CgroupIdOf(const char* mount, std::string_view path) {
  const std::string_view root(mount);
  if (path.empty() || path.find("..") != std::string_view::npos) return std::nullopt;
  std::string full;
  const bool under_mount = path.substr(0, root.size()) == root &&
                           (path.size() == root.size() || path[root.size()] == '/');
  if (under_mount) {
    full = path;
  } else if (path.front() == '/') {
    full = std::string(root) + (path == "/" ? "" : std::string(path));
  } else {
    full = std::string(root) + "/" + std::string(path);
  }
  struct stat st {};
  if (::stat(full.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  return static_cast<uint64_t>(st.st_ino);
}

std::optional<uint32_t> InterfaceIndex(std::string_view name) {
  if (name.empty() || name.size() >= IF_NAMESIZE) return std::nullopt;
  const unsigned index = ::if_nametoindex(std::string(name).c_str());
  if (index == 0) return std::nullopt;
  return index;
}

}  // namespace sockscope::sys
