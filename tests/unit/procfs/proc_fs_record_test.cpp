// procfs::MakeRecordingProcFs / MakeReplayProcFs: every answer a run got from
// a ProcFs, errors included, comes back from the replay byte for byte.
#include "procfs/proc_fs_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fakes/fake_proc_fs.h"
#include "fakes/memory_record_writer.h"

namespace sockscope::procfs {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Reads everything a collection and an owner walk read; returns a transcript.
std::string ReadAll(ProcFs& fs) {
  std::string t;
  auto show = [&](const std::string& what, const auto& r, const std::string& value) {
    t += what + " = " +
         (r ? value
            : std::string("error ") + base::ErrorKindName(r.error().kind) + " " +
                  std::to_string(r.error().errnum) + " " + r.error().message) +
         "\n";
  };
  for (const char* name : {"tcp", "tcp6", "netstat"}) {
    auto r = fs.ReadNetFile(name);
    show(std::string("net/") + name, r, r ? *r : "");
  }
  auto pidnet = fs.ReadNetFile("tcp", 10);
  show("10/net/tcp", pidnet, pidnet ? *pidnet : "");
  auto sysctl = fs.ReadSysctl("net/core/somaxconn");
  show("somaxconn", sysctl, sysctl ? *sysctl : "");
  auto link = fs.ReadNetnsLink();
  show("netns", link, link ? *link : "");
  auto pids = fs.ListPids();
  std::string list;
  if (pids)
    for (int32_t p : *pids) list += std::to_string(p) + ",";
  show("pids", pids, list);
  if (!pids) return t;
  for (int32_t pid : *pids) {
    auto dir = fs.OpenPid(pid);
    show("open " + std::to_string(pid), dir, "");
    if (!dir) continue;
    auto fds = (*dir)->ListFds();
    std::string fdlist;
    if (fds)
      for (int32_t fd : *fds) fdlist += std::to_string(fd) + ",";
    show("fds", fds, fdlist);
    if (fds) {
      for (int32_t fd : *fds) {
        char buf[64];
        auto target = (*dir)->ReadFdLink(fd, buf);
        std::string shown =
            target && target->substr(0, 7) == "socket:" ? std::string(*target) : "other";
        show("fd " + std::to_string(fd), target, shown);
      }
    }
    auto comm = (*dir)->ReadComm();
    show("comm", comm, comm ? *comm : "");
  }
  return t;
}

void BuildWorld(fakes::FakeProcFs& fs) {
  fs.SetFile("net/tcp", "  sl  local_address ...\n   0: 0100007F:1F90 00000000:0000 0A\n");
  fs.SetFile("net/netstat", "TcpExt: ListenOverflows\nTcpExt: 3\n");
  fs.SetFile("10/net/tcp", "other namespace\n");
  fs.SetFile("sys/net/core/somaxconn", "4096\n");
  fs.SetNetnsLink("net:[4026531840]");
  auto& web = fs.AddProcess(10, "web server");
  web.fds = {{3, "socket:[1234]"}, {4, "/home/someone/secret.txt"}};
  fs.AddProcess(11, "other").fd_dir_denied = true;
  fs.AddProcess(12, "gone").vanish_at = fakes::VanishAt::kOpen;
}

TEST(ProcFsRecordReplay, ReplayGivesTheRecordedAnswers) {
  fakes::FakeProcFs fs;
  BuildWorld(fs);
  testing::MemoryRecordWriter out;
  auto recorder = MakeRecordingProcFs(fs, out);
  std::string live = ReadAll(*recorder);
  EXPECT_THAT(live, HasSubstr("net/tcp6 = error not-found"));
  EXPECT_THAT(live, HasSubstr("fds = error permission"));

  auto replay = MakeReplayProcFs(out.file());
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_EQ(ReadAll(**replay), live);
}

TEST(ProcFsRecordReplay, PathsOfOpenFilesAreNotRecorded) {
  fakes::FakeProcFs fs;
  BuildWorld(fs);
  testing::MemoryRecordWriter out;
  auto recorder = MakeRecordingProcFs(fs, out);
  (void)ReadAll(*recorder);
  EXPECT_THAT(out.file(), HasSubstr("socket:[1234]"));
  EXPECT_THAT(out.file(), ::testing::Not(HasSubstr("secret")));
}

TEST(ProcFsRecordReplay, RepeatedReadsGetTheirAnswersInOrder) {
  fakes::FakeProcFs fs;
  BuildWorld(fs);
  testing::MemoryRecordWriter out;
  auto recorder = MakeRecordingProcFs(fs, out);
  (void)recorder->ReadNetFile("netstat");
  fs.SetFile("net/netstat", "TcpExt: ListenOverflows\nTcpExt: 9\n");
  (void)recorder->ReadNetFile("netstat");
  auto replay = MakeReplayProcFs(out.file());
  ASSERT_TRUE(replay);
  EXPECT_THAT(*(*replay)->ReadNetFile("netstat"), HasSubstr(": 3"));
  EXPECT_THAT(*(*replay)->ReadNetFile("netstat"), HasSubstr(": 9"));
  EXPECT_THAT(*(*replay)->ReadNetFile("netstat"), HasSubstr(": 9"));
}

TEST(ProcFsRecordReplay, WhatWasNotReadIsNotInTheRecording) {
  fakes::FakeProcFs fs;
  BuildWorld(fs);
  testing::MemoryRecordWriter out;
  auto recorder = MakeRecordingProcFs(fs, out);
  (void)recorder->ReadNetFile("tcp");
  auto replay = MakeReplayProcFs(out.file());
  ASSERT_TRUE(replay);
  auto r = (*replay)->ReadSysctl("net/core/somaxconn");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, base::ErrorKind::kNotFound);
  EXPECT_THAT(r.error().message, HasSubstr("not in the recording"));
  EXPECT_FALSE((*replay)->ListPids());
}

TEST(ProcFsRecordReplay, TruncatedOrCorruptRecordingsAreClearErrors) {
  fakes::FakeProcFs fs;
  BuildWorld(fs);
  testing::MemoryRecordWriter out;
  auto recorder = MakeRecordingProcFs(fs, out);
  (void)ReadAll(*recorder);
  const std::string file = out.file();
  for (size_t n = 0; n < file.size(); ++n) {
    auto replay = MakeReplayProcFs(std::string_view(file).substr(0, n));
    if (!replay) {
      EXPECT_EQ(replay.error().kind, base::ErrorKind::kMalformed) << n;
      EXPECT_THAT(replay.error().message, HasSubstr("procfs.rec")) << n;
      continue;
    }
    (void)ReadAll(**replay);
  }
  auto bad = MakeReplayProcFs(std::string(sys::kRecordFileMagic).append("\npids ok 3\n1 x\n"));
  ASSERT_TRUE(bad);
  auto pids = (*bad)->ListPids();
  ASSERT_FALSE(pids);
  EXPECT_EQ(pids.error().kind, base::ErrorKind::kMalformed);
  EXPECT_THAT(*MakeReplayProcFs(std::string(sys::kRecordFileMagic).append("\npids ok 3\n1 2\n"))
                   .value()
                   ->ListPids(),
              ElementsAre(1, 2));
}

}  // namespace
}  // namespace sockscope::procfs
