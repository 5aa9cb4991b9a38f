// No growth across collections: the real pipeline (sock_diag through the real
// netlink opener, the real /proc, owners, counters, listeners) run in process
// 1,000 times in a private namespace holding a few hundred sockets, and
// collect::CollectNamespaces over two namespaces 200 times (each namespace is
// entered on a thread of its own, so a leaked thread or namespace fd would
// show here). After a warm-up, open fds and threads must be exactly as before
// and resident memory may grow by at most kRssTolerance.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "build_flags.h"
#include "collect/collector.h"
#include "collect/netns_targets.h"
#include "netns_child_support.h"
#include "netns_support.h"
#include "procfs/proc_fs.h"
#include "socket_support.h"
#include "sys/files.h"
#include "sys/netlink_socket.h"
#include "sys/netns.h"

namespace sockscope::testing {
namespace {

using Leak = NetnsTest;

constexpr int kWarmUp = 20;
constexpr int64_t kRssToleranceKb = 2048;

struct Usage {
  size_t fds = 0;
  int64_t threads = 0;
  int64_t rss_kb = 0;
};

int64_t StatusField(const std::string& name) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + ":", 0) == 0) return std::stoll(line.substr(name.size() + 1));
  }
  return -1;
}

Usage Measure() {
  Usage u;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++u.fds;
  }
  u.threads = StatusField("Threads");
  u.rss_kb = StatusField("VmRSS");
  return u;
}

// A few hundred sockets of every kind the pipeline looks at.
struct Population {
  UniqueFd listener;
  std::vector<TcpPair> pairs;
  std::vector<UniqueFd> udp;
  std::vector<UnixPair> unix_pairs;

  explicit Population(int n) {
    listener = TcpListen("127.0.0.1", 0, 1024);
    for (int i = 0; i < n; ++i) pairs.push_back(TcpEstablished(listener, "127.0.0.1"));
    for (int i = 0; i < n / 4; ++i) udp.push_back(UdpBind("127.0.0.1"));
    for (int i = 0; i < n / 2; ++i) unix_pairs.push_back(UnixStreamPair());
  }
};

collect::CollectOptions FullOptions() {
  collect::CollectOptions o;
  o.selection.tcp = o.selection.udp = o.selection.unix_sockets = true;
  o.tcp_info = o.memory = o.congestion = true;
  o.owners = o.counters = o.listeners = true;
  return o;
}

void ExpectNoGrowth(const Usage& before, const Usage& after, const std::string& what) {
  EXPECT_EQ(after.fds, before.fds) << what << ": open fds";
  EXPECT_EQ(after.threads, before.threads) << what << ": threads";
  if (kAddressSanitizer) return;  // quarantine: see build_flags.h (LeakSanitizer checks leaks)
  EXPECT_LE(after.rss_kb - before.rss_kb, kRssToleranceKb)
      << what << ": VmRSS " << before.rss_kb << " kB -> " << after.rss_kb << " kB";
}

TEST_F(Leak, ThousandCollectionsKeepFdsThreadsAndMemory) {
  Population population(150);  // 300 TCP + listener, 37 UDP, 150 UNIX
  auto proc = procfs::MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc.has_value()) << proc.error().message;
  collect::Environment env{&sys::RealNetlinkOpener(), proc->get()};
  collect::CollectOptions options = FullOptions();

  size_t sockets = 0;
  for (int i = 0; i < kWarmUp; ++i) sockets = collect::Collect(env, options).sockets.size();
  ASSERT_GE(sockets, 450u);
  Usage before = Measure();
  for (int i = 0; i < 1000; ++i) {
    model::Snapshot snap = collect::Collect(env, options);
    ASSERT_FALSE(!snap.Complete()) << "iteration " << i;
    ASSERT_EQ(snap.sockets.size(), sockets) << "iteration " << i;
  }
  ExpectNoGrowth(before, Measure(), "Collect x1000");
}

TEST_F(Leak, CollectNamespacesLeavesNoThreadOrNamespaceFdBehind) {
  Population population(50);
  NetnsChild other(7412);
  ASSERT_TRUE(other.ok()) << other.error();
  auto proc = procfs::MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc.has_value()) << proc.error().message;
  std::vector<collect::NetnsTarget> targets;
  for (pid_t pid : {getpid(), other.pid()}) {
    auto resolved = collect::ResolveNetnsTargets(**proc, sys::RealFiles(), sys::RealNetns(),
                                                 "pid:" + std::to_string(pid));
    ASSERT_TRUE(resolved.has_value()) << resolved.error().message;
    ASSERT_EQ(resolved->targets.size(), 1u);
    targets.push_back(resolved->targets[0]);
  }
  ASSERT_NE(targets[0].inode, targets[1].inode);
  collect::Environment env{&sys::RealNetlinkOpener(), proc->get(), &sys::RealNetns(), &targets};
  collect::CollectOptions options = FullOptions();

  auto run = [&] {
    model::Snapshot snap = collect::Collect(env, options);
    size_t theirs = 0;
    for (const auto& s : snap.sockets) theirs += std::to_string(s.netns) == other.netns_id();
    return std::pair{snap.sockets.size(), theirs};
  };
  for (int i = 0; i < kWarmUp; ++i) run();
  Usage before = Measure();
  for (int i = 0; i < 200; ++i) {
    auto [all, theirs] = run();
    ASSERT_GE(all, 150u) << "iteration " << i;
    ASSERT_EQ(theirs, 1u) << "iteration " << i << ": the other namespace's listener";
  }
  ExpectNoGrowth(before, Measure(), "CollectNamespaces x200");
}

}  // namespace
}  // namespace sockscope::testing
