// TargetResolver and following: namespaces labelled with their pod's name,
// --pod by NAMESPACE/NAME, and a Collect that follows lists the namespaces
// again, so a pod started later is collected and an ended one is gone.
#include "collect/target_resolver.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>

#include "collect/collector.h"
#include "fakes/fake_files.h"
#include "fakes/fake_netns.h"
#include "fakes/fake_proc_fs.h"

namespace sockscope::collect {
namespace {

using namespace std::chrono_literals;

constexpr const char* kTcpHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode\n";
constexpr uint64_t kOwn = 4026531840;

// A pod: its process, its namespace (a listener on port) and its cgroup.
struct Pod {
  int32_t pid;
  uint64_t netns;
  std::string uid;  // with dashes
  std::string dir;  // /var/log/pods entry
  uint16_t port;
};

std::string Listener(uint16_t port) {
  char row[220];
  std::snprintf(row, sizeof row,
                "   0: 0100007F:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                "     0        0 %u 1 0000000000000000 100 0 0 10 0\n",
                port, 1000u + port);
  return std::string(kTcpHeader) + row;
}

std::string CgroupOf(const Pod& p) {
  std::string underscored = p.uid;
  for (char& c : underscored)
    if (c == '-') c = '_';
  return "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + underscored +
         ".slice/cri-containerd-" + std::string(64, 'a') + ".scope\n";
}

struct Node {
  fakes::FakeProcFs proc;
  fakes::FakeFiles files;
  fakes::FakeNetns netns;
  std::vector<std::string> pod_dirs;
  Node() {
    proc.SetNetnsLink("net:[" + std::to_string(kOwn) + "]");
    proc.SetFile("net/tcp", kTcpHeader);
    proc.SetFile("net/tcp6", kTcpHeader);
    netns.Add("/proc/thread-self/ns/net", kOwn);
  }
  void Start(const Pod& p) {
    proc.AddProcess(p.pid, "server");
    proc.SetNetnsLink("net:[" + std::to_string(p.netns) + "]", p.pid);
    proc.SetFile("netns/" + std::to_string(p.netns) + "/net/tcp", Listener(p.port));
    proc.SetFile("netns/" + std::to_string(p.netns) + "/net/tcp6", kTcpHeader);
    netns.Add("/proc/" + std::to_string(p.pid) + "/ns/net", p.netns);
    files.SetFile("/proc/" + std::to_string(p.pid) + "/cgroup", CgroupOf(p));
    pod_dirs.push_back(p.dir);
    files.SetDir("/var/log/pods", pod_dirs);
  }
  void Stop(const Pod& p) { proc.RemoveProcess(p.pid); }
};

const Pod kWeb{100, 7, "0f5e2c1a-8d3b-4c1e-9a7f-2b6d4e8c0a11",
               "shop_web-0_0f5e2c1a-8d3b-4c1e-9a7f-2b6d4e8c0a11", 8080};
const Pod kDb{200, 8, "11112222-3333-4444-5555-666677778888",
              "shop_db-0_11112222-3333-4444-5555-666677778888", 5432};

TEST(TargetResolver, NamesPodsFromTheKubeletDirectory) {
  Node node;
  node.Start(kWeb);
  TargetResolver resolver(node.proc, node.files, node.netns, {});
  auto targets = resolver.Resolve(true);
  ASSERT_TRUE(targets) << targets.error().message;
  ASSERT_EQ(targets->targets.size(), 2u);
  const NetnsTarget& pod =
      targets->targets[0].inode == 7 ? targets->targets[0] : targets->targets[1];
  EXPECT_EQ(pod.identity.pod, kWeb.uid);
  EXPECT_EQ(pod.identity.pod_name, "web-0");
  EXPECT_EQ(pod.identity.pod_namespace, "shop");
}

TEST(TargetResolver, PodByNamespaceAndNameOrUid) {
  Node node;
  node.Start(kWeb);
  node.Start(kDb);
  for (const std::string& spec : {std::string("shop/db-0"), std::string("db-0"), kDb.uid}) {
    TargetSpec s;
    s.pod = spec;
    auto targets = TargetResolver(node.proc, node.files, node.netns, s).Resolve(true);
    ASSERT_TRUE(targets) << spec;
    ASSERT_EQ(targets->targets.size(), 1u) << spec;
    EXPECT_EQ(targets->targets[0].inode, 8u) << spec;
  }
  TargetSpec other;
  other.pod = "other/db-0";
  auto none = TargetResolver(node.proc, node.files, node.netns, other).Resolve(true);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, base::ErrorKind::kNotFound);
  // Following, a pod that is not (yet) there is an empty list, not an error.
  auto following = TargetResolver(node.proc, node.files, node.netns, other).Resolve(false);
  ASSERT_TRUE(following);
  EXPECT_TRUE(following->targets.empty());
}

TEST(TargetResolver, WithoutTheKubeletDirectoryPodsKeepTheirUid) {
  Node node;
  node.Start(kWeb);
  node.files.Deny("/var/log/pods");
  auto targets = TargetResolver(node.proc, node.files, node.netns, {}).Resolve(true);
  ASSERT_TRUE(targets);
  bool saw_web = false;
  for (const auto& t : targets->targets) {
    EXPECT_TRUE(t.identity.pod_name.empty());
    if (t.inode == 7) {
      saw_web = true;
      EXPECT_EQ(t.identity.pod, kWeb.uid);
    }
  }
  EXPECT_TRUE(saw_web);
}

std::set<std::pair<uint64_t, uint16_t>> Listeners(const model::Snapshot& snap) {
  std::set<std::pair<uint64_t, uint16_t>> out;
  for (const auto& s : snap.sockets) out.insert({s.netns, s.local.port});
  return out;
}

TEST(Collect, FollowingSeesPodsThatStartAndDropsPodsThatEnd) {
  Node node;
  node.Start(kWeb);
  TargetResolver resolver(node.proc, node.files, node.netns, {});
  auto start = resolver.Resolve(true);
  ASSERT_TRUE(start);
  Environment env{nullptr, &node.proc, &node.netns, &start->targets};
  env.follow = &resolver;
  CollectOptions o;
  o.source = SourceChoice::kProc;
  o.timeout = 2s;

  auto first = Collect(env, o);
  EXPECT_EQ(Listeners(first), (std::set<std::pair<uint64_t, uint16_t>>{{7, 8080}}));
  bool named = false;
  for (const auto& ns : first.namespaces) named |= ns.inode == 7 && ns.pod_name == "web-0";
  EXPECT_TRUE(named);

  node.Stop(kWeb);
  node.Start(kDb);
  auto second = Collect(env, o);
  EXPECT_EQ(Listeners(second), (std::set<std::pair<uint64_t, uint16_t>>{{8, 5432}}));
  for (const auto& ns : second.namespaces) EXPECT_NE(ns.inode, 7u);
  EXPECT_TRUE(second.Complete());

  // Without following, the listing at start is visited again: the ended
  // pod's namespace is still asked for and the new one is never seen.
  env.follow = nullptr;
  auto fixed = Collect(env, o);
  EXPECT_EQ(Listeners(fixed).count({8, 5432}), 0u);
}

TEST(Collect, FollowingThatCannotListVisitsTheStartTargetsAndSaysSo) {
  Node node;
  node.Start(kWeb);
  TargetResolver resolver(node.proc, node.files, node.netns, {});
  auto start = resolver.Resolve(true);
  ASSERT_TRUE(start);
  Environment env{nullptr, &node.proc, &node.netns, &start->targets};
  env.follow = &resolver;
  node.proc.SetListPidsError(base::ErrorFromErrno(EMFILE, "opendir /proc"));
  CollectOptions o;
  o.source = SourceChoice::kProc;
  o.timeout = 2s;
  auto snap = Collect(env, o);
  EXPECT_FALSE(snap.Complete());
  EXPECT_EQ(Listeners(snap), (std::set<std::pair<uint64_t, uint16_t>>{{7, 8080}}));
}

}  // namespace
}  // namespace sockscope::collect
