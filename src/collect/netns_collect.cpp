#include "collect/netns_collect.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "collect/listeners.h"
#include "collect/proc_source.h"
#include "procfs/netns_data.h"
#include "sys/netns.h"

namespace sockscope::collect {
namespace {

using model::NoteLevel;

// A ProcFs whose own-namespace files are those of the calling thread:
// /proc/net follows the thread group leader, /proc/thread-self/net the
// thread, which is what a thread that entered another namespace needs.
class ThreadNetProcFs final : public procfs::ProcFs {
 public:
  ThreadNetProcFs(procfs::ProcFs& base, sys::Files& files) : base_(base), files_(files) {}
  base::Result<std::string> ReadNetFile(std::string_view name,
                                        std::optional<int32_t> pid) override {
    if (pid || name.find('/') != std::string_view::npos) return base_.ReadNetFile(name, pid);
    std::string path = "/proc/thread-self/net/" + std::string(name);
    return files_.ReadFileAt(AT_FDCWD, path.c_str(), procfs::kMaxProcFileBytes);
  }
  base::Result<std::string> ReadSysctl(std::string_view key) override {
    return base_.ReadSysctl(key);  // sysctl files answer for the opener's namespace
  }
  base::Result<std::string> ReadNetnsLink(std::optional<int32_t> pid) override {
    if (pid) return base_.ReadNetnsLink(pid);
    return files_.ReadLinkAt(AT_FDCWD, "/proc/thread-self/ns/net");
  }
  base::Result<std::vector<int32_t>> ListPids() override { return base_.ListPids(); }
  base::Result<std::unique_ptr<procfs::PidDir>> OpenPid(int32_t pid) override {
    return base_.OpenPid(pid);
  }

 private:
  procfs::ProcFs& base_;
  sys::Files& files_;
};

// Reads a namespace we may not enter through a process inside it.
model::Snapshot CollectThroughPid(const Environment& env, const CollectOptions& o,
                                  const NetnsTarget& t, const std::string& why) {
  model::Snapshot snap;
  ProcSourceOptions p;
  p.tcp = o.tcp;
  p.udp = o.udp;
  p.unix_sockets = o.unix_sockets;
  p.inet4 = o.inet4;
  p.inet6 = o.inet6;
  p.pid = t.pid;
  auto got = CollectFromProc(*env.proc, p);
  if (!got) {
    snap.notes.push_back({NoteLevel::kError, "netns",
                          fmt::format("namespace {}: {}; reading /proc/{}/net failed too: {}",
                                      t.inode, why, *t.pid, got.error().message)});
    return snap;
  }
  snap.source = "proc";
  snap.sockets = std::move(got->sockets);
  for (auto& n : got->notes) snap.notes.push_back(std::move(n));
  snap.notes.push_back({NoteLevel::kWarning, "netns",
                        fmt::format("namespace {}: {}; read through /proc/{}/net instead "
                                    "(accept-queue max, tcp_info and sysctls unknown)",
                                    t.inode, why, *t.pid)});
  if (o.counters) {
    auto read = procfs::ReadNetnsData(*env.proc, t.pid);
    for (auto& n : read.notes) snap.notes.push_back(std::move(n));
    snap.namespaces.push_back(std::move(read.data));
  }
  return snap;
}

model::Snapshot CollectOne(const Environment& env, sys::Files& files, const CollectOptions& inner,
                           const NetnsTarget& t) {
  if (t.own) return Collect(env, inner);
  std::string why;
  bool denied = false;
  auto fd = sys::OpenNetns(t.path);
  if (fd) {
    model::Snapshot snap;
    auto ran = sys::RunInNetns(fd->get(), [&] {
      ThreadNetProcFs proc(*env.proc, files);
      Environment here{env.netlink, &proc};
      snap = Collect(here, inner);
    });
    if (ran) return snap;
    why = ran.error().message;
    denied = ran.error().kind == base::ErrorKind::kPermission;
  } else {
    why = fd.error().message;
    denied = fd.error().kind == base::ErrorKind::kPermission;
  }
  if (denied) why += " (entering a namespace needs CAP_SYS_ADMIN)";
  if (t.pid) return CollectThroughPid(env, inner, t, why);
  model::Snapshot failed;
  failed.notes.push_back(
      {NoteLevel::kError, "netns",
       fmt::format("namespace {}{}: {}{}", t.inode, t.name.empty() ? "" : " (" + t.name + ")", why,
                   denied ? "; no process inside it is readable for the /proc/PID/net fallback "
                            "(needs CAP_SYS_PTRACE): its sockets are not shown"
                          : "")});
  return failed;
}

}  // namespace

model::Snapshot CollectNamespaces(const Environment& env, sys::Files& files,
                                  const CollectOptions& options,
                                  const std::vector<NetnsTarget>& targets) {
  CollectOptions inner = options;
  inner.owners = false;     // once, below, for all namespaces
  inner.listeners = false;  // on the merged snapshot

  std::vector<model::Snapshot> parts(targets.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < targets.size();)
      parts[i] = CollectOne(env, files, inner, targets[i]);
  };
  size_t nthreads = std::min<size_t>(targets.size(), 4);
  std::vector<std::thread> pool;
  for (size_t i = 1; i < nthreads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();

  model::Snapshot merged;
  merged.tcp_states = options.tcp ? options.tcp_states : 0;
  merged.taken_at = std::chrono::system_clock::now();
  merged.monotonic_at = std::chrono::steady_clock::now();
  // The merged source is "proc" when any namespace had to be read over /proc.
  bool any_source = false, any_proc = false;
  for (size_t i = 0; i < targets.size(); ++i) {
    auto& part = parts[i];
    const auto& t = targets[i];
    any_source |= !part.source.empty();
    any_proc |= part.source == "proc";
    for (auto& s : part.sockets) {
      s.netns = t.inode;
      merged.sockets.push_back(std::move(s));
    }
    // Without counters the namespace still needs an entry: its name and
    // container identity are shown next to its sockets.
    if (part.namespaces.empty()) part.namespaces.emplace_back();
    for (auto& ns : part.namespaces) {
      ns.inode = t.inode;
      ns.name = t.name;
      ns.container = t.identity.container;
      ns.pod = t.identity.pod;
      ns.unit = t.identity.unit;
      merged.namespaces.push_back(std::move(ns));
    }
    for (auto& n : part.notes) {
      if (!t.own && !n.message.starts_with("namespace "))
        n.message = fmt::format("namespace {}{}: {}", t.inode,
                                t.name.empty() ? "" : " (" + t.name + ")", n.message);
      merged.notes.push_back(std::move(n));
    }
  }
  merged.source = !any_source ? "" : any_proc ? "proc" : "netlink";

  if (options.owners) AttachOwners(env, options, merged);
  if (options.listeners) merged.listeners = DeriveListeners(merged);
  return merged;
}

}  // namespace sockscope::collect
