#include "procfs/netns_data.h"

#include <gtest/gtest.h>

#include "fakes/fake_proc_fs.h"
#include "fixture.h"

namespace sockscope::procfs {
namespace {

TEST(ParseNetnsLink, Forms) {
  EXPECT_EQ(ParseNetnsLink("net:[4026531840]"), 4026531840u);
  EXPECT_FALSE(ParseNetnsLink("net:[]"));
  EXPECT_FALSE(ParseNetnsLink("net:[12"));
  EXPECT_FALSE(ParseNetnsLink("mnt:[4026531840]"));
  EXPECT_FALSE(ParseNetnsLink("net:[-1]"));
  EXPECT_FALSE(ParseNetnsLink("net:[99999999999999999999]"));
  EXPECT_FALSE(ParseNetnsLink(""));
}

TEST(ReadNetnsData, RecordedTree) {
  auto proc = MakeRealProcFs(sys::RealFiles(), testing::FixturePath("proc/basic"));
  ASSERT_TRUE(proc) << proc.error().message;
  auto read = ReadNetnsData(**proc);
  EXPECT_EQ(read.data.inode, 4026532177u);
  EXPECT_TRUE(read.data.counters_ok);
  EXPECT_TRUE(read.data.counters.Get("TcpExt.ListenOverflows").has_value());
  EXPECT_TRUE(read.data.counters.Get("Tcp.CurrEstab").has_value());
  EXPECT_EQ(read.data.sockstat.tcp_tw, 2u);
  EXPECT_EQ(read.data.limits.somaxconn, 4096);
  // Only the two global sysctls missing in a child namespace are noted.
  ASSERT_EQ(read.notes.size(), 2u);
  EXPECT_EQ(read.notes[0].level, model::NoteLevel::kInfo);
}

TEST(ReadNetnsData, NothingReadableGivesNotesNotFailure) {
  fakes::FakeProcFs proc;
  auto read = ReadNetnsData(proc);
  EXPECT_FALSE(read.data.counters_ok);
  EXPECT_EQ(read.data.inode, 0u);
  // ns link, netstat, snmp, sockstat, and eight sysctls.
  EXPECT_EQ(read.notes.size(), 12u);
}

TEST(ReadNetnsData, OtherProcessNamespaceSkipsSysctls) {
  fakes::FakeProcFs proc;
  proc.SetNetnsLink("net:[4026532999]", 42);
  proc.SetFile("42/net/netstat", "TcpExt: ListenDrops\nTcpExt: 7\n");
  proc.SetFile("42/net/snmp", "Tcp: CurrEstab\nTcp: 3\n");
  proc.SetFile("42/net/sockstat", "sockets: used 1\n");
  proc.SetFile("sys/net/core/somaxconn", "4096\n");
  auto read = ReadNetnsData(proc, 42);
  EXPECT_EQ(read.data.inode, 4026532999u);
  EXPECT_EQ(read.data.counters.Get("TcpExt.ListenDrops"), 7u);
  EXPECT_EQ(read.data.counters.Get("Tcp.CurrEstab"), 3u);
  EXPECT_FALSE(read.data.limits.somaxconn.has_value());
  ASSERT_EQ(read.notes.size(), 1u);
}

TEST(ReadNetnsData, BadLinesBecomeAWarning) {
  fakes::FakeProcFs proc;
  proc.SetNetnsLink("net:[1]");
  proc.SetFile("net/netstat", "TcpExt: A B\nTcpExt: 1\n");
  proc.SetFile("net/snmp", "Tcp: CurrEstab\nTcp: 3\n");
  proc.SetFile("net/sockstat", "");
  auto read = ReadNetnsData(proc);
  EXPECT_TRUE(read.data.counters_ok);
  int warnings = 0;
  for (const auto& n : read.notes) warnings += n.level == model::NoteLevel::kWarning;
  EXPECT_EQ(warnings, 1);
}

}  // namespace
}  // namespace sockscope::procfs
