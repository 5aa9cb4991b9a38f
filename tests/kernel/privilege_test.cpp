// What works without root: the sockscope binary run by setpriv as an
// unprivileged user (uid 65534, no capabilities, empty bounding set) inside
// the test's private namespace, where a root-owned child holds a listener with
// queued, unaccepted connections. sock_diag needs no capability, so every
// socket and every accept queue is still listed; the owner walk cannot read a
// root process's fd table, which must be said in a note (never shown as
// "nobody owns it", never a wrong pid); other namespaces cannot be entered,
// which must be reported without failing the own namespace. With
// CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH as ambient capabilities, owners are
// visible again. Setting up needs root; docs/reliability.md has the table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "check_support.h"
#include "command_support.h"
#include "netns_child_support.h"
#include "netns_support.h"
#include "serve_support.h"
#include "socket_support.h"

namespace sockscope::testing {
namespace {

using Privilege = NetnsTest;

constexpr int kBacklog = 4;
constexpr int kClients = 8;
constexpr const char* kNobody = "65534";
constexpr const char* kOwnerCaps = "+sys_ptrace,+dac_read_search";

// sockscope as uid/gid 65534 with no capability at all, or with only `caps`
// (a setpriv list such as "+sys_ptrace") as inheritable, ambient and bounding.
std::vector<std::string> Unprivileged(const std::vector<std::string>& args,
                                      const std::string& caps = "") {
  std::string set = caps.empty() ? "-all" : "-all," + caps;
  std::vector<std::string> argv{"setpriv",
                                "--reuid=" + std::string(kNobody),
                                "--regid=" + std::string(kNobody),
                                "--clear-groups",
                                "--inh-caps=" + set,
                                "--bounding-set=" + set};
  if (!caps.empty()) argv.push_back("--ambient-caps=" + set);
  argv.push_back("--");
  argv.push_back(SOCKSCOPE_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

struct PrivRun {
  CommandResult result;
  nlohmann::json doc;
};

PrivRun RunJson(const std::vector<std::string>& argv) {
  PrivRun run;
  run.result = RunCommand(argv);
  run.doc = nlohmann::json::parse(run.result.out, nullptr, /*allow_exceptions=*/false);
  return run;
}

std::string AllNoteText(const nlohmann::json& doc) {
  std::string text;
  if (doc.is_object() && doc.contains("notes")) {
    for (const auto& n : doc["notes"]) text += n.dump() + "\n";
  }
  return text;
}

// The JSON socket objects of a `ls -o json` document.
std::vector<nlohmann::json> Sockets(const nlohmann::json& doc) {
  if (doc.is_object() && doc.contains("sockets"))
    return doc["sockets"].get<std::vector<nlohmann::json>>();
  if (doc.is_array()) return doc.get<std::vector<nlohmann::json>>();
  return {};
}

std::vector<std::string> RowKeys(const nlohmann::json& doc) {
  std::vector<std::string> keys;
  for (const auto& s : Sockets(doc)) {
    keys.push_back(s.value("state", "") + " " + s["local"].dump() + " " +
                   (s.contains("peer") ? s["peer"].dump() : "") + " " + s["recv_q"].dump());
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<int64_t> PidsOf(const nlohmann::json& socket) {
  std::vector<int64_t> pids;
  if (socket.contains("processes")) {
    for (const auto& p : socket["processes"]) pids.push_back(p.value("pid", int64_t{-1}));
  }
  return pids;
}

// A listener held by a root child, kBacklog + 1 connections queued in it.
struct RootListener {
  uint16_t port = 0;
  std::vector<UniqueFd> clients;
  std::optional<ChildHolder> holder;

  RootListener() {
    UniqueFd listener = TcpListen("127.0.0.1", 0, kBacklog);
    port = LocalPort(listener);
    for (int i = 0; i < kClients; ++i) clients.push_back(TcpConnectStart("127.0.0.1", port));
    if (!WaitForAcceptQueue(listener, kBacklog + 1)) ADD_FAILURE() << "accept queue did not fill";
    std::vector<UniqueFd> fds;
    fds.push_back(std::move(listener));
    holder.emplace(std::move(fds), "rootholder");
  }
};

class PrivilegeTest : public Privilege {
 protected:
  void SetUp() override {
    Privilege::SetUp();
    if (IsSkipped()) return;
    if (!OnPath("setpriv")) GTEST_SKIP() << "setpriv (util-linux) not on PATH";
    CommandResult probe = RunCommand(Unprivileged({"--version"}));
    if (probe.exit_code != 0)
      GTEST_SKIP() << "setpriv cannot drop to uid 65534: " << probe.Describe();
  }
};

TEST_F(PrivilegeTest, UnprivilegedLsListsEverySocket) {
  RootListener root;
  PrivRun as_root = RunJson({SOCKSCOPE_BINARY, "ls", "-tan", "-o", "json"});
  PrivRun as_nobody = RunJson(Unprivileged({"ls", "-tan", "-o", "json"}));
  ASSERT_EQ(as_nobody.result.exit_code, 0) << as_nobody.result.Describe();
  ASSERT_FALSE(as_nobody.doc.is_discarded()) << as_nobody.result.out;
  // Listener, kBacklog + 1 queued children, kClients clients.
  EXPECT_GE(Sockets(as_nobody.doc).size(), static_cast<size_t>(1 + kBacklog + 1 + kClients));
  EXPECT_EQ(RowKeys(as_nobody.doc), RowKeys(as_root.doc));
  // sock_diag, not the /proc/net fallback: no warning note about a fallback.
  EXPECT_THAT(AllNoteText(as_nobody.doc), ::testing::Not(::testing::HasSubstr("fall")));
}

TEST_F(PrivilegeTest, UnprivilegedOwnersAreHiddenWithAReasonNeverWrong) {
  RootListener root;
  PrivRun run = RunJson(Unprivileged({"ls", "-tanp", "-o", "json"}));
  // Owners asked for and unreadable: incomplete (exit 3), rows still shown.
  ASSERT_EQ(run.result.exit_code, 3) << run.result.Describe();
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.out;
  EXPECT_FALSE(run.doc.value("complete", true)) << run.doc.dump(1);
  bool owners_failed = false;
  for (const auto& src : run.doc["sources"])
    owners_failed |= src.value("source", "") == "owners" && src.value("status", "") == "failed";
  EXPECT_TRUE(owners_failed) << run.doc["sources"].dump();
  std::string notes = AllNoteText(run.doc);
  EXPECT_THAT(notes, ::testing::HasSubstr("CAP_SYS_PTRACE")) << run.doc.dump(1);
  bool saw_listener = false;
  for (const auto& s : Sockets(run.doc)) {
    // Every process here is root's: nobody may be named as an owner, and a
    // socket with an inode has unknown owners (null), not none ([]).
    EXPECT_THAT(PidsOf(s), ::testing::IsEmpty()) << s.dump();
    if (s.value("inode", 0) != 0) {
      EXPECT_TRUE(s["processes"].is_null()) << s.dump();
    }
    if (s.value("state", "") == "LISTEN" && s["local"].value("port", 0) == root.port) {
      saw_listener = true;
    }
  }
  EXPECT_TRUE(saw_listener) << run.doc.dump(1);

  CommandResult table = RunCommand(Unprivileged({"ls", "-tanp"}));
  EXPECT_EQ(table.exit_code, 3) << table.Describe();
  EXPECT_THAT(table.out + table.err, ::testing::HasSubstr("CAP_SYS_PTRACE"));
  EXPECT_THAT(table.out, ::testing::Not(::testing::HasSubstr("rootholder")));
}

TEST_F(PrivilegeTest, UnprivilegedListenersStillShowQueueAndUnaccepted) {
  RootListener root;
  PrivRun run = RunJson(Unprivileged({"listeners", "-o", "json"}));
  // The listener's owner is unknown: incomplete, queues still exact.
  ASSERT_EQ(run.result.exit_code, 3) << run.result.Describe();
  EXPECT_FALSE(run.doc.value("complete", true)) << run.doc.dump(1);
  std::vector<nlohmann::json> rows = ListenersOnPort(run.doc, root.port);
  ASSERT_EQ(rows.size(), 1u) << run.doc.dump(1);
  const nlohmann::json& l = rows[0];
  EXPECT_EQ(l["accept_queue"]["len"], kBacklog + 1) << l.dump();
  EXPECT_EQ(l["accept_queue"]["max"], kBacklog) << l.dump();
  EXPECT_EQ(l["unaccepted"], kBacklog + 1) << l.dump();
  // The holder is unknown, and says so, rather than "held by no process".
  EXPECT_EQ(l["owners_known"], false) << l.dump();
  EXPECT_THAT(Pids(l["processes"]), ::testing::IsEmpty()) << l.dump();
  EXPECT_THAT(AllNoteText(run.doc), ::testing::HasSubstr("CAP_SYS_PTRACE"));
}

TEST_F(PrivilegeTest, UnprivilegedAllNamespacesSaysWhatIsMissing) {
  RootListener root;
  NetnsChild other(7411);  // root's: its namespace link is not readable by 65534
  ASSERT_TRUE(other.ok()) << other.error();
  PrivRun run = RunJson(Unprivileged({"ls", "-tan", "-N", "all", "-o", "json"}));
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.out;
  // Namespaces it can neither enter nor read through a process (other tests'
  // named ones, when they run beside this one) make the run incomplete: exit
  // 3 then, but only for namespaces other than ours.
  if (run.result.exit_code != 0) {
    ASSERT_EQ(run.result.exit_code, 3) << run.result.Describe();
    for (const auto& src : run.doc["sources"])
      if (src.value("status", "") == "failed") {
        EXPECT_NE(src.value("netns", ""), netns().id()) << src.dump();
      }
  }
  EXPECT_THAT(AllNoteText(run.doc), ::testing::HasSubstr("CAP_SYS_PTRACE")) << run.doc.dump(1);
  // The own namespace is listed in full all the same.
  bool saw_listener = false;
  for (const auto& s : Sockets(run.doc)) {
    if (s.value("netns", "") == netns().id() && s.value("state", "") == "LISTEN" &&
        s["local"].value("port", 0) == root.port)
      saw_listener = true;
  }
  EXPECT_TRUE(saw_listener) << run.doc.dump(1);
}

TEST_F(PrivilegeTest, UnprivilegedPidOfARootProcessIsAClearError) {
  NetnsChild other(7411);
  ASSERT_TRUE(other.ok()) << other.error();
  std::string spec = "pid:" + std::to_string(other.pid());
  CommandResult r = RunCommand(Unprivileged({"ls", "-tan", "-N", spec}));
  EXPECT_FALSE(r.timed_out);
  EXPECT_LT(r.exit_code, 128) << "killed by a signal: " << r.Describe();
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.err, ::testing::HasSubstr(spec)) << r.Describe();
  EXPECT_THAT(r.err, ::testing::HasSubstr("Permission denied")) << r.Describe();
  EXPECT_THAT(r.err, ::testing::HasSubstr("needs CAP_SYS_PTRACE")) << r.Describe();  // the why
}

TEST_F(PrivilegeTest, UnprivilegedNamespaceThatCannotBeEnteredFallsBack) {
  RootListener root;
  // The other namespace's process belongs to 65534: its /proc entries are
  // readable, but setns() needs CAP_SYS_ADMIN.
  NetnsChild other(7411, /*run_as_uid=*/65534);
  ASSERT_TRUE(other.ok()) << other.error();
  std::string spec = "pid:" + std::to_string(other.pid());
  PrivRun run = RunJson(Unprivileged({"ls", "-tan", "-N", spec, "-o", "json"}));
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.Describe();
  EXPECT_EQ(run.result.exit_code, 0) << run.result.Describe();
  std::string said = AllNoteText(run.doc);
  EXPECT_THAT(said, ::testing::AnyOf(::testing::HasSubstr("not permitted"),
                                     ::testing::HasSubstr("CAP_SYS_ADMIN")))
      << run.doc.dump(1);
  // Fallback to /proc/PID/net: the child's listener is still listed.
  bool saw_theirs = false;
  for (const auto& s : Sockets(run.doc)) {
    if (s.value("netns", "") == other.netns_id() && s["local"].value("port", 0) == 7411) {
      saw_theirs = true;
    }
  }
  EXPECT_TRUE(saw_theirs) << run.doc.dump(1);
}

TEST_F(PrivilegeTest, AmbientPtraceAndDacReadSearchShowOwners) {
  RootListener root;
  PrivRun run = RunJson(Unprivileged({"ls", "-tanp", "-o", "json"}, kOwnerCaps));
  ASSERT_EQ(run.result.exit_code, 0) << run.result.Describe();
  ASSERT_FALSE(run.doc.is_discarded()) << run.result.out;
  EXPECT_THAT(AllNoteText(run.doc), ::testing::Not(::testing::HasSubstr("CAP_SYS_PTRACE")));
  bool saw_listener = false;
  for (const auto& s : Sockets(run.doc)) {
    if (s.value("state", "") == "LISTEN" && s["local"].value("port", 0) == root.port) {
      saw_listener = true;
      EXPECT_THAT(PidsOf(s), ::testing::ElementsAre(root.holder->pid())) << s.dump();
    }
  }
  EXPECT_TRUE(saw_listener) << run.doc.dump(1);

  PrivRun listeners = RunJson(Unprivileged({"listeners", "-o", "json"}, kOwnerCaps));
  std::vector<nlohmann::json> rows = ListenersOnPort(listeners.doc, root.port);
  ASSERT_EQ(rows.size(), 1u) << listeners.result.Describe();
  EXPECT_EQ(rows[0]["owners_known"], true) << rows[0].dump();
  EXPECT_THAT(Pids(rows[0]["processes"]), ::testing::ElementsAre(root.holder->pid()));
}

// Issue 16: without CAP_BPF and CAP_PERFMON the BPF owner map cannot load.
// `--owners auto` (the default) then walks /proc and says why in a note;
// `--owners bpf` fails the owners source (exit 3), never lists "no owner".
TEST_F(PrivilegeTest, Issue16WithoutBpfOwnersFallBackToProcWithANote) {
  RootListener root;
  auto via_of_owners = [](const nlohmann::json& doc) {
    std::string via, status;
    if (doc.is_object())
      for (const auto& src : doc["sources"])
        if (src.value("source", "") == "owners") {
          via = src.value("via", "");
          status = src.value("status", "");
        }
    return via + " " + status;
  };
  PrivRun fallback = RunJson(Unprivileged({"ls", "-tanp", "-j"}, kOwnerCaps));
  ASSERT_EQ(fallback.result.exit_code, 0) << fallback.result.Describe();
  EXPECT_EQ(via_of_owners(fallback.doc), "proc ok") << fallback.doc.dump(1);
  EXPECT_THAT(AllNoteText(fallback.doc), ::testing::HasSubstr("BPF owner map"));
  EXPECT_THAT(AllNoteText(fallback.doc), ::testing::HasSubstr("owners read from /proc instead"));
  bool saw_listener = false;
  for (const auto& s : Sockets(fallback.doc)) {
    if (s.value("state", "") == "LISTEN" && s["local"].value("port", 0) == root.port) {
      saw_listener = true;
      EXPECT_THAT(PidsOf(s), ::testing::ElementsAre(root.holder->pid())) << s.dump();
    }
  }
  EXPECT_TRUE(saw_listener) << fallback.doc.dump(1);

  PrivRun forced = RunJson(Unprivileged({"--owners", "bpf", "ls", "-tanp", "-j"}, kOwnerCaps));
  EXPECT_EQ(forced.result.exit_code, 3) << forced.result.Describe();
  EXPECT_EQ(via_of_owners(forced.doc), "bpf failed") << forced.doc.dump(1);
  EXPECT_THAT(AllNoteText(forced.doc), ::testing::HasSubstr("BPF owner map"));
  for (const auto& s : Sockets(forced.doc))
    if (s.value("inode", 0) != 0) {
      EXPECT_TRUE(s["processes"].is_null()) << s.dump();  // unknown, not "none"
    }
}

}  // namespace
}  // namespace sockscope::testing
