#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "fixture.h"
#include "procfs/proc_fs.h"

namespace sockscope::procfs {
namespace {

TEST(ParseDirNumber, Forms) {
  EXPECT_EQ(ParseDirNumber("0"), 0);
  EXPECT_EQ(ParseDirNumber("4194304"), 4194304);
  EXPECT_EQ(ParseDirNumber("2147483647"), 2147483647);
  EXPECT_FALSE(ParseDirNumber("2147483648"));
  EXPECT_FALSE(ParseDirNumber("self"));
  EXPECT_FALSE(ParseDirNumber("-1"));
  EXPECT_FALSE(ParseDirNumber("-0"));
  EXPECT_FALSE(ParseDirNumber("+1"));
  EXPECT_FALSE(ParseDirNumber("01"));
  EXPECT_FALSE(ParseDirNumber("1a"));
  EXPECT_FALSE(ParseDirNumber(""));
}

TEST(RealProcFs, ReadsRecordedTree) {
  auto proc = MakeRealProcFs(sys::RealFiles(), testing::FixturePath("proc/basic"));
  ASSERT_TRUE(proc) << proc.error().message;
  auto tcp = (*proc)->ReadNetFile("tcp");
  ASSERT_TRUE(tcp) << tcp.error().message;
  EXPECT_EQ(*tcp, testing::ReadFixture("proc/basic/net/tcp"));
  auto somaxconn = (*proc)->ReadSysctl("net/core/somaxconn");
  ASSERT_TRUE(somaxconn);
  EXPECT_EQ(*somaxconn, "4096\n");
  auto link = (*proc)->ReadNetnsLink();
  ASSERT_TRUE(link);
  EXPECT_EQ(*link, "net:[4026532177]");
  auto missing = (*proc)->ReadNetFile("raw");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, base::ErrorKind::kNotFound);
}

TEST(RealProcFs, RejectsNamesThatLeaveTheTree) {
  auto proc = MakeRealProcFs(sys::RealFiles(), testing::FixturePath("proc/basic"));
  ASSERT_TRUE(proc);
  for (std::string_view bad : {"../basic/net/tcp", "a/b", "", "..", "/etc/passwd"}) {
    auto r = (*proc)->ReadNetFile(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, base::ErrorKind::kUsage);
  }
  EXPECT_FALSE((*proc)->ReadSysctl("net/../../etc"));
  EXPECT_FALSE((*proc)->ReadSysctl("/net/core/somaxconn"));
}

TEST(RealProcFs, MissingRootFails) {
  auto proc = MakeRealProcFs(sys::RealFiles(), testing::FixturePath("proc/no-such-tree"));
  ASSERT_FALSE(proc);
  EXPECT_EQ(proc.error().kind, base::ErrorKind::kNotFound);
}

TEST(RealProcFs, OwnProcessFdsCommAndLinks) {
  auto proc = MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc) << proc.error().message;
  auto pids = (*proc)->ListPids();
  ASSERT_TRUE(pids);
  EXPECT_TRUE(std::is_sorted(pids->begin(), pids->end()));
  EXPECT_TRUE(std::binary_search(pids->begin(), pids->end(), static_cast<int32_t>(getpid())));

  int sock = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(sock, 0);
  auto dir = (*proc)->OpenPid(getpid());
  ASSERT_TRUE(dir) << dir.error().message;
  auto comm = (*dir)->ReadComm();
  ASSERT_TRUE(comm);
  EXPECT_FALSE(comm->empty());
  EXPECT_EQ(comm->find('\n'), std::string::npos);
  auto fds = (*dir)->ListFds();
  ASSERT_TRUE(fds);
  EXPECT_NE(std::find(fds->begin(), fds->end(), sock), fds->end());
  char buf[64];
  auto link = (*dir)->ReadFdLink(sock, buf);
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->substr(0, 8), "socket:[");
  ::close(sock);
  auto gone = (*dir)->ReadFdLink(sock, buf);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, base::ErrorKind::kNotFound);
}

TEST(RealProcFs, VanishedPidIsNotFound) {
  auto proc = MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc);
  // pid_max is at most 2^22 on Linux, so this pid never exists.
  auto dir = (*proc)->OpenPid(2147483600);
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().kind, base::ErrorKind::kNotFound);
}

TEST(RealFiles, ListDirReadsEveryEntryOverSeveralBatches) {
  auto dir =
      std::filesystem::temp_directory_path() / ("sockscope-listdir-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  // Long names so the entries span several 32 KiB getdents64 batches.
  const std::string pad(100, 'x');
  for (int i = 0; i < 1000; ++i) std::ofstream(dir / (pad + std::to_string(i)));
  auto names = sys::RealFiles().ListDir(AT_FDCWD, dir.c_str());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(names) << names.error().message;
  EXPECT_EQ(names->size(), 1000u);
  EXPECT_EQ(std::count(names->begin(), names->end(), pad + "999"), 1);
}

TEST(RealFiles, ReadFileAtEnforcesTheCap) {
  auto ok = sys::RealFiles().ReadFileAt(AT_FDCWD, "/proc/self/status", 1 << 20);
  ASSERT_TRUE(ok);
  EXPECT_NE(ok->find("Pid:"), std::string::npos);
  auto capped = sys::RealFiles().ReadFileAt(AT_FDCWD, "/proc/self/status", 10);
  ASSERT_FALSE(capped);
  EXPECT_EQ(capped.error().kind, base::ErrorKind::kMalformed);
}

}  // namespace
}  // namespace sockscope::procfs
