#include "collect/proc_source.h"
#include <fmt/format.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "fakes/fake_proc_fs.h"

namespace sockscope::collect {
namespace {

using fakes::FakeProcFs;
using model::NoteLevel;
using model::Proto;

std::string Fixture(const std::string& relative) {
  std::ifstream in(fmt::format("{}/proc/basic/{}", SOCKSCOPE_FIXTURES, relative));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The recorded tree (see tests/fixtures/proc/README.md), loaded into the fake.
void LoadBasic(FakeProcFs& proc, const std::string& prefix = "") {
  for (const char* f : {"tcp", "tcp6", "udp", "udp6", "unix"}) {
    proc.SetFile(prefix + "net/" + f, Fixture(std::string("net/") + f));
  }
  proc.SetNetnsLink("net:[4026532177]");
}

ProcSourceOptions All() {
  ProcSourceOptions o;
  o.tcp = o.udp = o.unix_sockets = true;
  return o;
}

TEST(CollectFromProc, ReadsEveryRequestedFileAndStampsTheNamespace) {
  FakeProcFs proc;
  LoadBasic(proc);
  auto r = CollectFromProc(proc, All());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->notes.empty());
  EXPECT_EQ(r->netns, 4026532177u);
  EXPECT_EQ(r->sockets.size(), 15u + 5u + 2u + 1u + 9u);
  for (const auto& s : r->sockets) EXPECT_EQ(s.netns, 4026532177u);
  auto count = [&](Proto p) {
    return std::count_if(r->sockets.begin(), r->sockets.end(),
                         [p](const auto& s) { return s.proto == p; });
  };
  EXPECT_EQ(count(Proto::kTcp), 20);
  EXPECT_EQ(count(Proto::kUdp), 3);
  EXPECT_EQ(count(Proto::kUnix), 9);
}

TEST(CollectFromProc, DefaultOptionsReadTcpOnly) {
  FakeProcFs proc;
  LoadBasic(proc);
  auto r = CollectFromProc(proc);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sockets.size(), 20u);
}

TEST(CollectFromProc, RowsRepeatedUnderChurnAreDroppedOnce) {
  FakeProcFs proc;
  LoadBasic(proc);
  // The seq_file restarted mid-read: every row (with and without inode) twice.
  std::string tcp = Fixture("net/tcp");
  std::string rows = tcp.substr(tcp.find('\n') + 1);
  proc.SetFile("net/tcp", tcp + rows);
  ProcSourceOptions o;
  o.inet6 = false;
  auto r = CollectFromProc(proc, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sockets.size(), 15u);
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0].level, NoteLevel::kInfo);
  EXPECT_NE(r->notes[0].message.find("dropped 15"), std::string::npos) << r->notes[0].message;
}

TEST(CollectFromProc, MissingIpv6IsANoteNotAFailure) {
  FakeProcFs proc;
  LoadBasic(proc);
  proc.RemoveFile("net/tcp6");
  auto r = CollectFromProc(proc);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sockets.size(), 15u);
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0].source, "proc");
  EXPECT_NE(r->notes[0].message.find("/proc/net/tcp6"), std::string::npos);
}

TEST(CollectFromProc, NothingReadableFails) {
  FakeProcFs proc;
  auto r = CollectFromProc(proc, All());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, base::ErrorKind::kNotFound);
}

TEST(CollectFromProc, BadLinesAndUnknownNamespaceAreWarnings) {
  FakeProcFs proc;
  proc.SetFile("net/tcp", Fixture("net/tcp") + "  99: garbage\n");
  ProcSourceOptions o;
  o.inet6 = false;
  auto r = CollectFromProc(proc, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->netns, 0u);
  EXPECT_EQ(r->sockets.size(), 15u);
  ASSERT_EQ(r->notes.size(), 2u);
  for (const auto& n : r->notes) EXPECT_EQ(n.level, NoteLevel::kWarning);
}

TEST(CollectFromProc, AnotherProcessNamespace) {
  FakeProcFs proc;
  LoadBasic(proc, "42/");
  proc.SetNetnsLink("net:[4026532555]", 42);
  ProcSourceOptions o = All();
  o.tcp = o.udp = false;
  o.pid = 42;
  auto r = CollectFromProc(proc, o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->netns, 4026532555u);
  EXPECT_EQ(r->sockets.size(), 9u);
  for (const auto& s : r->sockets) EXPECT_EQ(s.proto, Proto::kUnix);
}

TEST(CollectFromProc, NothingRequestedIsEmpty) {
  FakeProcFs proc;
  ProcSourceOptions o;
  o.tcp = false;
  auto r = CollectFromProc(proc, o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->sockets.empty());
}

}  // namespace
}  // namespace sockscope::collect
