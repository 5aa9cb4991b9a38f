#include "collect/netns_targets.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <fcntl.h>
#include "procfs/mountinfo_parser.h"
#include "procfs/netns_data.h"

#include "sys/files.h"
#include "sys/netns.h"

namespace sockscope::collect {
namespace {

using base::ErrorKind;
using base::MakeError;

base::Result<NetnsTarget> TargetFromPath(sys::Netns& netns, const std::string& path,
                                         const std::string& name) {
  auto fd = netns.Open(path);
  if (!fd) return fd.error();
  auto ino = netns.Inode(fd->get());
  if (!ino) return ino.error();
  NetnsTarget t;
  t.inode = *ino;
  t.name = name;
  t.path = path;
  return t;
}

model::Note UnreadableNote(uint32_t unreadable) {
  return {model::NoteLevel::kWarning, "netns",
          fmt::format("the namespace of {} process(es) could not be read "
                      "(need CAP_SYS_PTRACE): their namespaces may be missing",
                      unreadable)};
}

// Reads every process's namespace link once: remembers the first few pids of
// each namespace in by_inode and, with add_unknown, adds the namespaces not
// seen yet. Returns how many links were not readable (permission).
base::Result<uint32_t> ScanProcesses(procfs::ProcFs& proc,
                                     std::map<uint64_t, NetnsTarget>& by_inode, bool add_unknown) {
  auto pids = proc.ListPids();
  if (!pids) return pids.error();
  uint32_t unreadable = 0;
  for (int32_t pid : *pids) {
    auto ino = procfs::ReadNetnsInode(proc, pid);
    if (!ino) {
      if (ino.error().kind == ErrorKind::kPermission) ++unreadable;
      continue;  // vanished, or a kernel thread
    }
    auto it = by_inode.find(*ino);
    if (it == by_inode.end()) {
      if (!add_unknown) continue;
      NetnsTarget t;
      t.inode = *ino;
      t.path = fmt::format("/proc/{}/ns/net", pid);
      it = by_inode.emplace(*ino, std::move(t)).first;
    }
    if (!it->second.pid) it->second.pid = pid;
    if (it->second.pids.size() < kMaxTargetPids) it->second.pids.push_back(pid);
  }
  return unreadable;
}

// One target of a NAME, PATH or pid:PID spec, with the processes inside it
// (for the identity and the /proc/PID/net fallback). A failed scan only
// leaves the pids unknown.
NetnsTargets SingleTarget(procfs::ProcFs& proc, NetnsTarget t) {
  NetnsTargets out;
  std::map<uint64_t, NetnsTarget> by_inode;
  uint64_t inode = t.inode;
  by_inode.emplace(inode, std::move(t));
  if (auto scanned = ScanProcesses(proc, by_inode, false); scanned && *scanned)
    out.notes.push_back(UnreadableNote(*scanned));
  NetnsTarget& found = by_inode[inode];
  // pid:PID names its process first.
  if (found.pid && found.pids.empty()) found.pids.push_back(*found.pid);
  if (found.pid && found.pids.front() != *found.pid) {
    found.pids.insert(found.pids.begin(), *found.pid);
    if (found.pids.size() > kMaxTargetPids) found.pids.pop_back();
  }
  out.targets.push_back(std::move(found));
  return out;
}

}  // namespace

std::vector<std::pair<uint64_t, std::string>> ParseNetnsMounts(std::string_view mountinfo) {
  std::vector<std::pair<uint64_t, std::string>> mounts;
  for (auto& m : procfs::ParseMountInfo(mountinfo)) {
    if (m.fstype != "nsfs") continue;
    auto inode = procfs::ParseNetnsLink(m.root);  // root is "net:[4026532xxx]"
    if (!inode) continue;
    mounts.emplace_back(*inode, std::move(m.mount_point));
  }
  return mounts;
}

base::Result<NetnsTargets> ResolveNetnsTargets(procfs::ProcFs& proc, sys::Files& files,
                                               sys::Netns& netns, const std::string& spec,
                                               const NetnsPaths& paths) {
  const std::string& run_netns_dir = paths.run_netns_dir;
  const std::string& mountinfo_path = paths.mountinfo;
  NetnsTargets out;
  auto own = procfs::ReadNetnsInode(proc);
  if (spec.rfind("pid:", 0) == 0) {
    auto pid = procfs::ParseDirNumber(std::string_view(spec).substr(4));
    if (!pid) return MakeError(ErrorKind::kUsage, fmt::format("--netns {}: bad pid", spec));
    auto ino = procfs::ReadNetnsInode(proc, *pid);
    if (!ino && ino.error().kind == ErrorKind::kPermission)
      return MakeError(ErrorKind::kPermission,
                       fmt::format("--netns {}: cannot read the namespace of process {}: another "
                                   "user's process needs CAP_SYS_PTRACE ({})",
                                   spec, *pid, ino.error().message));
    if (!ino && ino.error().kind == ErrorKind::kNotFound)
      return MakeError(ErrorKind::kNotFound, fmt::format("--netns {}: no process {}", spec, *pid));
    if (!ino) return ino.error().Wrap(fmt::format("--netns {}", spec));
    NetnsTarget t;
    t.inode = *ino;
    t.pid = *pid;
    t.path = fmt::format("/proc/{}/ns/net", *pid);
    t.own = own && *own == *ino;
    return SingleTarget(proc, std::move(t));
  }
  if (spec != "all") {
    bool is_path = spec.find('/') != std::string::npos;
    if (!is_path && (spec.empty() || spec == "." || spec == ".."))
      return MakeError(ErrorKind::kUsage, fmt::format("--netns '{}': not a namespace name", spec));
    std::string path = is_path ? spec : run_netns_dir + "/" + spec;
    auto t = TargetFromPath(netns, path, is_path ? "" : spec);
    if (!t) return t.error().Wrap(fmt::format("--netns {}", spec));
    t->own = own && *own == t->inode;
    return SingleTarget(proc, std::move(*t));
  }

  // all: named namespaces, then every process's, then bind mounts elsewhere.
  std::map<uint64_t, NetnsTarget> by_inode;
  if (own) {
    NetnsTarget t;
    t.inode = *own;
    t.own = true;
    t.path = "/proc/thread-self/ns/net";
    by_inode[*own] = t;
  }
  auto names = files.ListDir(AT_FDCWD, run_netns_dir.c_str());
  if (names) {
    for (const auto& name : *names) {
      auto t = TargetFromPath(netns, run_netns_dir + "/" + name, name);
      if (!t) {
        out.notes.push_back({model::NoteLevel::kWarning, "netns", t.error().message});
        continue;
      }
      auto [it, fresh] = by_inode.emplace(t->inode, *t);
      if (!fresh && it->second.name.empty()) it->second.name = name;
    }
  }
  auto scanned = ScanProcesses(proc, by_inode, /*add_unknown=*/true);
  if (!scanned) return scanned.error().Wrap("--netns all: cannot list processes");
  if (*scanned) out.notes.push_back(UnreadableNote(*scanned));
  auto mi = files.ReadFileAt(AT_FDCWD, mountinfo_path.c_str(), 16 << 20);
  if (mi) {
    for (const auto& [inode, path] : ParseNetnsMounts(*mi)) {
      if (by_inode.count(inode)) continue;
      NetnsTarget t;
      t.inode = inode;
      t.path = path;
      by_inode.emplace(inode, t);
    }
  }
  for (auto& [inode, t] : by_inode) out.targets.push_back(std::move(t));
  return out;
}

}  // namespace sockscope::collect
