// -N across several namespaces: two named ones (`ip netns add`) and an
// unnamed one held by a child process, each with a listener on the same port
// and connections nobody accepts. Root only; skipped otherwise.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>
#include <set>
#include <sstream>

#include <memory>
#include <string>

#include "check_support.h"
#include "collect/collector.h"
#include "collect/netns_targets.h"
#include "netns_support.h"
#include "netns_test_support.h"
#include "procfs/proc_fs.h"
#include "sys/files.h"
#include "sys/netlink_socket.h"
#include "sys/netns.h"

namespace sockscope::testing {
namespace {

using ::testing::HasSubstr;

constexpr uint16_t kPort = 8080;

std::string Id(uint64_t inode) { return std::to_string(inode); }

// The listeners of a `listeners -o json` document on kPort in namespace inode.
std::vector<nlohmann::json> InNamespace(const nlohmann::json& doc, uint64_t inode) {
  std::vector<nlohmann::json> out;
  for (const auto& l : ListenersOnPort(doc, kPort))
    if (l.value("netns", "") == Id(inode)) out.push_back(l);
  return out;
}

std::string NotesText(const nlohmann::json& doc) {
  std::string all;
  for (const auto& n : doc.value("notes", nlohmann::json::array())) all += n.dump() + "\n";
  return all;
}

// -N all visits the host's namespaces too. Where a host process's fd table
// is unreadable even to root (some sandboxes hide their init's fds), the
// owners of its sockets are unknown and the run is rightly incomplete (exit
// 3). The test's own namespaces must be complete whatever the host: every
// failed source must be the owners of sockets outside them.
void ExpectCompleteInOurNamespaces(const CommandResult& r, const nlohmann::json& doc,
                                   const std::set<std::string>& ours) {
  if (r.exit_code == 0) {
    EXPECT_TRUE(doc.value("complete", false)) << doc.dump();
    return;
  }
  ASSERT_EQ(r.exit_code, 3) << r.Describe();
  ASSERT_TRUE(doc.contains("sources")) << r.out;
  for (const auto& src : doc["sources"]) {
    if (src.value("status", "") != "failed") continue;
    EXPECT_EQ(src.value("source", ""), "owners") << src.dump();
    EXPECT_EQ(ours.count(src.value("netns", "")), 0u) << src.dump();
  }
}

// The same for a table run, from its stderr: only owner errors, of other namespaces.
void ExpectTableCompleteInOurNamespaces(const CommandResult& r, const std::set<std::string>& ours) {
  if (r.exit_code == 0) return;
  ASSERT_EQ(r.exit_code, 3) << r.Describe();
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("error:") == std::string::npos) continue;
    EXPECT_NE(line.find("error: owners: namespace "), std::string::npos) << line;
    for (const auto& id : ours) EXPECT_EQ(line.find(id), std::string::npos) << line;
  }
}

// Three namespaces besides the test's own: a (backlog 4, 2 waiting),
// b (backlog 6, 3 waiting), and a child's unnamed one (backlog 8, 4 waiting).
class NetnsAll : public NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped()) return;
    std::string prefix = "sockscope-test-" + std::to_string(getpid());
    a_ = std::make_unique<NamedNetns>(prefix + "-a");
    b_ = std::make_unique<NamedNetns>(prefix + "-b");
    InNetns(a_->fd(), [&] { a_stuck_ = MakeStuck(kPort, 4, 2); });
    InNetns(b_->fd(), [&] { b_stuck_ = MakeStuck(kPort, 6, 3); });
    child_ = std::make_unique<HolderChild>(kPort, 8, 4);
  }
  std::set<std::string> Ours() const {
    return {Id(a_->inode()), Id(b_->inode()), Id(child_->inode())};
  }
  void TearDown() override {
    a_stuck_ = {};
    b_stuck_ = {};
    child_.reset();
    a_.reset();
    b_.reset();
    NetnsTest::TearDown();
  }

  std::unique_ptr<NamedNetns> a_, b_;
  std::unique_ptr<HolderChild> child_;
  Stuck a_stuck_, b_stuck_;
};

void ExpectQueue(const nlohmann::json& doc, uint64_t inode, int len, int max) {
  auto found = InNamespace(doc, inode);
  ASSERT_EQ(found.size(), 1u) << "namespace " << inode << " in " << doc.dump();
  EXPECT_EQ(found[0]["accept_queue"]["len"], len) << found[0].dump();
  EXPECT_EQ(found[0]["accept_queue"]["max"], max) << found[0].dump();
  EXPECT_EQ(found[0]["unaccepted"], len) << found[0].dump();
}

TEST_F(NetnsAll, ListenersListsEachNamespaceOnceWithItsQueue) {
  auto run = RunSockscopeJson({"-N", "all", "listeners", "-o", "json"});
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.out;
  ExpectCompleteInOurNamespaces(run.result, run.doc, Ours());
  ExpectQueue(run.doc, a_->inode(), 2, 4);
  ExpectQueue(run.doc, b_->inode(), 3, 6);
  ExpectQueue(run.doc, child_->inode(), 4, 8);
  // The namespaces are distinct, and our own has no listener on the port.
  EXPECT_NE(a_->inode(), b_->inode());
  EXPECT_TRUE(InNamespace(run.doc, std::stoull(netns().id())).empty());
  // -N adds the identity fields (null: no container here).
  auto a = InNamespace(run.doc, a_->inode());
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(a[0].contains("container") && a[0]["container"].is_null()) << a[0].dump();
  EXPECT_TRUE(a[0].contains("pod") && a[0]["pod"].is_null()) << a[0].dump();
}

TEST_F(NetnsAll, NameAndPidSelectOneNamespace) {
  auto named = RunSockscopeJson({"-N", a_->name(), "listeners", "-o", "json"});
  ASSERT_EQ(named.result.exit_code, 0) << named.result.Describe();
  ExpectQueue(named.doc, a_->inode(), 2, 4);
  for (const auto& l : named.doc["listeners"])
    EXPECT_EQ(l.value("netns", ""), Id(a_->inode())) << l.dump();

  auto by_pid =
      RunSockscopeJson({"-N", "pid:" + std::to_string(child_->pid()), "listeners", "-o", "json"});
  ASSERT_EQ(by_pid.result.exit_code, 0) << by_pid.result.Describe();
  ExpectQueue(by_pid.doc, child_->inode(), 4, 8);
  for (const auto& l : by_pid.doc["listeners"])
    EXPECT_EQ(l.value("netns", ""), Id(child_->inode())) << l.dump();

  auto by_path = RunSockscopeJson({"-N", a_->path(), "listeners", "-o", "json"});
  ASSERT_EQ(by_path.result.exit_code, 0) << by_path.result.Describe();
  ExpectQueue(by_path.doc, a_->inode(), 2, 4);
}

TEST_F(NetnsAll, BadTargetsFailClearly) {
  auto bad = RunSockscope({"-N", "/bad/path", "ls"});
  EXPECT_NE(bad.exit_code, 0) << bad.Describe();
  EXPECT_THAT(bad.err, HasSubstr("/bad/path"));
  EXPECT_THAT(bad.err, HasSubstr("No such file"));
  // A file that exists but is no namespace.
  auto not_ns = RunSockscope({"-N", "/etc/hostname", "ls"});
  EXPECT_NE(not_ns.exit_code, 0) << not_ns.Describe();
  EXPECT_THAT(not_ns.err, HasSubstr("not a namespace")) << not_ns.Describe();
  auto no_name = RunSockscope({"-N", "sockscope-test-no-such-name", "ls"});
  EXPECT_NE(no_name.exit_code, 0) << no_name.Describe();
  auto no_pid = RunSockscope({"-N", "pid:2147483647", "ls"});
  EXPECT_NE(no_pid.exit_code, 0) << no_pid.Describe();
}

TEST_F(NetnsAll, TableHasNetnsColumn) {
  auto run = RunSockscope({"-N", "all", "ls", "-tan"});
  ExpectTableCompleteInOurNamespaces(run, Ours());
  EXPECT_THAT(run.out.substr(0, run.out.find('\n')), HasSubstr("Netns")) << run.out;
  // A row of each namespace's listener, named by its inode.
  for (uint64_t inode : {a_->inode(), b_->inode(), child_->inode()})
    EXPECT_THAT(run.out, HasSubstr(Id(inode) + " ")) << run.out;
}

TEST_F(NetnsAll, OverflowsAreCountedPerNamespace) {
  // A second listener in a only (backlog 1, two waiting: full); new SYNs to
  // it overflow a's queue while b and the child see nothing.
  constexpr uint16_t kFullPort = kPort + 1;
  Stuck full;
  InNetns(a_->fd(), [&] { full = MakeStuck(kFullPort, 1, 2); });
  ConnectLoop loop("127.0.0.1", kFullPort, Millis(20), a_->fd());
  auto run = RunSockscopeJson({"-N", "all", "check", "-o", "json", "--interval", "300ms"});
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.Describe();
  EXPECT_GT(loop.started(), 0u);
  auto overflows = FindingsWithId(run.doc, "listen-overflows");
  ASSERT_FALSE(overflows.empty()) << run.doc.dump();
  bool in_a = false;
  for (const auto& f : overflows) {
    std::string ns = f.value("netns", "");
    EXPECT_NE(ns, Id(b_->inode())) << f.dump();
    EXPECT_NE(ns, Id(child_->inode())) << f.dump();
    in_a |= ns == Id(a_->inode());
  }
  EXPECT_TRUE(in_a) << run.doc.dump();
  // Every finding about a listener names the listener's namespace.
  for (const auto& f : run.doc["findings"]) {
    if (f.contains("listener")) {
      EXPECT_EQ(f.value("netns", ""), f["listener"].value("netns", "x")) << f.dump();
    }
  }
}

TEST_F(NetnsAll, VanishedNamespaceIsANoteNotAFailure) {
  auto gone = std::make_unique<HolderChild>(kPort, 2, 1);
  uint64_t gone_inode = gone->inode();
  auto proc = procfs::MakeRealProcFs(sys::RealFiles(), "/proc");
  ASSERT_TRUE(proc);
  auto targets = collect::ResolveNetnsTargets(**proc, sys::RealFiles(), sys::RealNetns(), "all");
  ASSERT_TRUE(targets) << targets.error().message;
  bool listed = false;
  for (const auto& t : targets->targets) listed |= t.inode == gone_inode;
  ASSERT_TRUE(listed);
  gone->Kill();  // between resolving and entering

  collect::Environment env{&sys::RealNetlinkOpener(), proc->get(), &sys::RealNetns(),
                           &targets->targets};
  collect::CollectOptions options;
  options.selection.tcp_states = model::StateBit(model::State::kListen);
  options.listeners = true;
  options.counters = true;
  auto snap = collect::Collect(env, options);
  // Gone between listing and entering: nothing of it is missing, so the
  // result stays complete, and a note says it vanished.
  bool noted = false;
  for (const auto& n : snap.notes)
    noted |= n.message.find(Id(gone_inode)) != std::string::npos &&
             n.message.find("vanished") != std::string::npos;
  EXPECT_TRUE(noted);
  EXPECT_TRUE(snap.Complete());
  auto count = [&](uint64_t inode) {
    int n = 0;
    for (const auto& l : snap.listeners) n += l.netns == inode && l.local.port == kPort;
    return n;
  };
  EXPECT_EQ(count(gone_inode), 0);
  EXPECT_EQ(count(a_->inode()), 1);
  EXPECT_EQ(count(b_->inode()), 1);
  EXPECT_EQ(count(child_->inode()), 1);
  EXPECT_EQ(snap.source, "netlink");
  EXPECT_NE(snap.FindNetns(a_->inode()), nullptr);
}

TEST_F(NetnsAll, UnprivilegedRunFallsBackAndReportsWhatIsMissing) {
  struct stat st {};
  std::string binary = SOCKSCOPE_BINARY;
  if (RunCommand({"setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                  "--inh-caps=-all", "test", "-x", binary})
          .exit_code != 0)
    GTEST_SKIP() << "user 65534 cannot run " << binary << " (or setpriv is missing)";
  ASSERT_EQ(::stat(binary.c_str(), &st), 0);
  // A namespace whose process nobody owns: readable through /proc/PID/net.
  HolderChild mine(kPort, 3, 2, /*drop_to_nobody=*/true);
  auto run = RunCommand({"setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                         "--inh-caps=-all", binary, "-N", "all", "listeners", "-o", "json"});
  // Namespaces it could neither enter nor read through a process: incomplete.
  ASSERT_EQ(run.exit_code, 3) << run.Describe();
  auto doc = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << run.out;
  EXPECT_FALSE(doc.value("complete", true));
  bool a_failed = false;
  for (const auto& src : doc["sources"])
    a_failed |= src.value("source", "") == "netns" && src.value("netns", "") == Id(a_->inode()) &&
                src.value("status", "") == "failed";
  EXPECT_TRUE(a_failed) << doc["sources"].dump();
  std::string notes = NotesText(doc);

  // Read over /proc: length known, maximum unknown (null, not 0).
  auto found = InNamespace(doc, mine.inode());
  ASSERT_EQ(found.size(), 1u) << doc.dump();
  EXPECT_EQ(found[0]["accept_queue"]["len"], 2) << found[0].dump();
  EXPECT_TRUE(found[0]["accept_queue"]["max"].is_null()) << found[0].dump();
  EXPECT_THAT(notes, HasSubstr("namespace " + Id(mine.inode())));
  EXPECT_THAT(notes, HasSubstr("/proc/" + std::to_string(mine.pid()) + "/net"));
  EXPECT_THAT(notes, HasSubstr("accept-queue max"));

  // Named namespaces have no process of ours: not entered, said so, and
  // their sockets are not shown as if empty-but-fine.
  EXPECT_TRUE(InNamespace(doc, a_->inode()).empty());
  EXPECT_THAT(notes, HasSubstr("namespace " + Id(a_->inode())));
  EXPECT_THAT(notes, HasSubstr("CAP_SYS_ADMIN"));
  // Root's processes' namespaces are unreadable: counted in a note.
  EXPECT_THAT(notes, HasSubstr("CAP_SYS_PTRACE"));
}

TEST_F(NetnsAll, ContainerIdentityFromCgroup) {
  const std::string root = "/sys/fs/cgroup/unified";
  std::string v2 = root;
  struct stat st {};
  if (::stat((root + "/cgroup.procs").c_str(), &st) != 0) v2 = "/sys/fs/cgroup";
  ScopedCgroup group(v2, "sockscope-test-" + std::to_string(getpid()));
  const std::string id(64, 'c');
  const std::string scope = "docker-" + id + ".scope";
  if (!group.ok() || !group.AddChild(scope))
    GTEST_SKIP() << "no writable cgroup v2 hierarchy at " << v2;
  if (!ScopedCgroup::Move(child_->pid(), group.dir() + "/" + scope))
    GTEST_SKIP() << "cannot move a process into " << group.dir() << "/" << scope;

  auto run = RunSockscopeJson({"--container", id.substr(0, 12), "listeners", "-o", "json"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  auto found = InNamespace(run.doc, child_->inode());
  ASSERT_EQ(found.size(), 1u) << run.doc.dump();
  EXPECT_EQ(found[0].value("container", ""), id);
  // Only the container's namespace was visited.
  for (const auto& l : run.doc["listeners"])
    EXPECT_EQ(l.value("netns", ""), Id(child_->inode())) << l.dump();

  auto table = RunSockscope({"-N", "all", "listeners"});
  ExpectTableCompleteInOurNamespaces(table, Ours());
  EXPECT_EQ(table.out.rfind("Netns", 0), 0u) << table.out;
  EXPECT_THAT(table.out.substr(0, table.out.find('\n')), HasSubstr(" Container ")) << table.out;
  EXPECT_THAT(table.out, HasSubstr(id.substr(0, 12) + " ")) << table.out;

  auto none = RunSockscope({"--container", "0123456789ab", "ls"});
  EXPECT_NE(none.exit_code, 0) << none.Describe();
  EXPECT_THAT(none.err, HasSubstr("no network namespace of this container"));
  child_.reset();  // leaves the cgroup empty before it is removed
}

}  // namespace
}  // namespace sockscope::testing

namespace sockscope::testing {
namespace {

// (state, local, peer) of every socket of a `ls -o json` document.
std::multiset<std::string> SocketRows(const nlohmann::json& doc) {
  std::multiset<std::string> rows;
  for (const auto& s : doc["sockets"])
    rows.insert(s.value("state", "") + " " + s["local"].dump() + " " + s["peer"].dump());
  return rows;
}

// Issue 11: the /proc/PID/net fallback taken when setns is refused used to
// skip the state filter and deduplication, so `ls` gained rows (LISTEN) the
// netlink path leaves out. Both paths now share one pipeline: same rows.
TEST_F(NetnsAll, Issue11SetnsRefusedFallbackListsTheSameRows) {
  if (RunCommand({"strace", "-V"}).exit_code != 0) GTEST_SKIP() << "strace is missing";
  const std::string target = "pid:" + std::to_string(child_->pid());
  for (std::vector<std::string> flags : {std::vector<std::string>{"-tan"}, {"-tn"}, {"-tln"}}) {
    std::vector<std::string> args = {"-N", target, "ls"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.insert(args.end(), {"-o", "json"});
    auto direct = RunSockscopeJson(args);
    ASSERT_EQ(direct.result.exit_code, 0) << direct.result.Describe();
    ASSERT_FALSE(SocketRows(direct.doc).empty());

    // LeakSanitizer cannot stop the world under a ptrace tracer (sanitized build).
    std::vector<std::string> traced = {"env",
                                       "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1",
                                       "strace",
                                       "-f",
                                       "-qq",
                                       "-o",
                                       "/dev/null",
                                       "-e",
                                       "trace=setns",
                                       "-e",
                                       "inject=setns:error=EPERM",
                                       SOCKSCOPE_BINARY};
    traced.insert(traced.end(), args.begin(), args.end());
    auto refused = RunCommand(traced, std::chrono::milliseconds(20000));
    ASSERT_EQ(refused.exit_code, 0) << refused.Describe();
    auto doc = nlohmann::json::parse(refused.out);
    EXPECT_NE(NotesText(doc).find("/proc/" + std::to_string(child_->pid()) + "/net"),
              std::string::npos)
        << "the fallback was taken: " << NotesText(doc);
    EXPECT_EQ(SocketRows(doc), SocketRows(direct.doc)) << flags[0];
    EXPECT_TRUE(doc.value("complete", false)) << doc.dump();
  }
}

}  // namespace
}  // namespace sockscope::testing
