#include "collect/owners.h"
#include "support/holders.h"

#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "fakes/fake_proc_fs.h"

namespace sockscope::collect {
using test::Holders;
namespace {

using fakes::FakeProcFs;
using fakes::VanishAt;
using model::Owner;

std::string Sock(uint64_t inode) { return "socket:[" + std::to_string(inode) + "]"; }

TEST(ParseSocketLink, Forms) {
  EXPECT_EQ(ParseSocketLink("socket:[31915]"), 31915u);
  EXPECT_EQ(ParseSocketLink("socket:[18446744073709551615]"), 18446744073709551615ull);
  EXPECT_FALSE(ParseSocketLink("socket:[18446744073709551616]"));
  EXPECT_FALSE(ParseSocketLink("socket:[]"));
  EXPECT_FALSE(ParseSocketLink("socket:[-1]"));
  EXPECT_FALSE(ParseSocketLink("socket:[12"));
  EXPECT_FALSE(ParseSocketLink("socket:[1a]"));
  EXPECT_FALSE(ParseSocketLink("pipe:[31915]"));
  EXPECT_FALSE(ParseSocketLink("/var/run/socket:[1]"));
  EXPECT_FALSE(ParseSocketLink("anon_inode:[eventfd]"));
  EXPECT_FALSE(ParseSocketLink(""));
}

TEST(BuildOwnerIndex, SharedSocketsSortedByPidThenFdWithRawComm) {
  FakeProcFs proc;
  auto& a = proc.AddProcess(200, "nginx: worker\x1b[31m");
  a.fds = {{9, Sock(100)}, {3, Sock(100)}, {0, "/dev/null"}, {4, "pipe:[100]"}};
  auto& b = proc.AddProcess(100, "nginx");
  b.fds = {{7, Sock(100)}, {8, Sock(101)}, {1, "anon_inode:[eventpoll]"}};
  auto index = BuildOwnerIndex(proc);
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index->processes_scanned, 2u);
  EXPECT_EQ(index->processes_hidden, 0u);
  EXPECT_EQ(index->processes_vanished, 0u);
  ASSERT_EQ(index->Sockets(), 2u);
  const auto owners = Holders(index->Find(100));
  ASSERT_FALSE(owners.empty());
  EXPECT_EQ(owners, (std::vector<Owner>{{100, 7, "nginx"},
                                        {200, 3, "nginx: worker\x1b[31m"},
                                        {200, 9, "nginx: worker\x1b[31m"}}));
  EXPECT_EQ(Holders(index->Find(101)), (std::vector<Owner>{{100, 8, "nginx"}}));
  EXPECT_TRUE(index->Find(4).empty());
}

TEST(BuildOwnerIndex, StateAndEpollWatchesOfOwningProcesses) {
  FakeProcFs proc;
  auto& a = proc.AddProcess(10, "nginx");
  a.fds = {{6, Sock(100)}, {7, Sock(101)}, {8, "anon_inode:[eventpoll]"}};
  a.stat = "10 (nginx) T 1 10 10 0 -1";
  a.fdinfo[8] = "pos:\t0\ntfd:        6 events:       19 data: 6  pos:0 ino:64 sdev:9\n";
  auto& b = proc.AddProcess(11, "nginx");
  b.fds = {
      {6, Sock(100)}, {7, Sock(101)}, {8, "anon_inode:[eventpoll]"}, {9, "anon_inode:[eventpoll]"}};
  b.stat = "11 (nginx) S 1 10 10 0 -1";
  b.fdinfo[8] = "tfd: 7 events: 19 data: 7 pos:0 ino:65 sdev:9\n";  // fd 9's fdinfo is gone
  auto& c = proc.AddProcess(12, "bash");  // no wanted socket: neither file is read
  c.fds = {{3, "anon_inode:[eventpoll]"}};
  auto index = BuildOwnerIndex(proc);
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_EQ(index->details.size(), 2u);
  const auto& da = index->details.at(10);
  EXPECT_EQ(da.state, 'T');
  EXPECT_TRUE(da.epoll_known);
  EXPECT_EQ(da.epoll_watches, (std::vector<uint64_t>{100}));
  const auto& db = index->details.at(11);
  EXPECT_EQ(db.state, 'S');
  EXPECT_FALSE(db.epoll_known);  // one of its epoll fds could not be read
  EXPECT_EQ(db.epoll_watches, (std::vector<uint64_t>{101}));
}

TEST(BuildOwnerIndex, VanishedProcessesAreCountedNotFatal) {
  FakeProcFs proc;
  proc.AddProcess(1, "at-open").vanish_at = VanishAt::kOpen;
  proc.AddProcess(2, "at-list").vanish_at = VanishAt::kListFds;
  auto& c = proc.AddProcess(3, "at-comm");
  c.fds = {{5, Sock(300)}};
  c.vanish_at = VanishAt::kReadComm;
  auto& d = proc.AddProcess(4, "at-readlink");
  d.fds = {{5, Sock(400)}};
  d.vanish_at = VanishAt::kReadLink;
  proc.AddProcess(5, "alive").fds = {{6, Sock(500)}};
  auto index = BuildOwnerIndex(proc);
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index->processes_vanished, 3u);
  // The readlink-vanished one was listed: its fds simply closed under us.
  EXPECT_EQ(index->processes_scanned, 2u);
  EXPECT_TRUE(index->Find(300).empty());  // its fds died with it
  EXPECT_TRUE(index->Find(400).empty());
  ASSERT_FALSE(index->Find(500).empty());
  EXPECT_EQ(index->Find(500).front().comm, "alive");
}

TEST(BuildOwnerIndex, DeniedFdDirectoryCountsAsHidden) {
  FakeProcFs proc;
  auto& secret = proc.AddProcess(10, "sshd");
  secret.fds = {{3, Sock(1)}};
  secret.fd_dir_denied = true;
  proc.AddProcess(11, "locked").open_denied = true;
  proc.AddProcess(12, "mine").fds = {{3, Sock(2)}};
  auto index = BuildOwnerIndex(proc);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->processes_hidden, 2u);
  EXPECT_EQ(index->processes_scanned, 1u);
  EXPECT_TRUE(index->Find(1).empty());
  EXPECT_FALSE(index->Find(2).empty());
}

TEST(BuildOwnerIndex, FdClosedOrReusedBetweenListingAndReadlink) {
  FakeProcFs proc;
  auto& p = proc.AddProcess(7, "churn");
  // fd 4 listed then closed; fd 5 was a socket when listed but now is a file.
  p.fds = {{3, Sock(33)}, {5, "/var/log/app.log"}};
  p.closed_after_listing = {4};
  auto index = BuildOwnerIndex(proc);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->processes_vanished, 0u);
  EXPECT_EQ(index->Sockets(), 1u);
  EXPECT_EQ(Holders(index->Find(33)), (std::vector<Owner>{{7, 3, "churn"}}));
}

TEST(BuildOwnerIndex, WantedInodesFilterAndSkipCommReads) {
  FakeProcFs proc;
  proc.AddProcess(1, "a").fds = {{3, Sock(10)}, {4, Sock(11)}};
  proc.AddProcess(2, "b").fds = {{3, Sock(12)}};
  proc.AddProcess(3, "c").fds = {{3, "/dev/null"}};
  std::unordered_set<uint64_t> wanted = {11, 999};
  OwnerWalkOptions options;
  options.wanted_inodes = &wanted;
  auto index = BuildOwnerIndex(proc, options);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->Sockets(), 1u);
  EXPECT_EQ(Holders(index->Find(11)), (std::vector<Owner>{{1, 4, "a"}}));
  EXPECT_EQ(index->processes_scanned, 3u);
  EXPECT_EQ(proc.read_comm_calls(), 1);  // only the process holding a wanted socket
}

TEST(BuildOwnerIndex, ThreadCountDoesNotChangeTheResult) {
  FakeProcFs proc;
  std::mt19937 rng(42);
  for (int32_t pid = 1; pid <= 300; ++pid) {
    auto& p = proc.AddProcess(pid, "p" + std::to_string(pid));
    int n = static_cast<int>(rng() % 40);
    for (int fd = 0; fd < n; ++fd) {
      // Inodes drawn from a small range so many are shared between processes.
      p.fds[fd] = rng() % 3 ? Sock(rng() % 500) : std::string("/dev/null");
    }
    if (pid % 37 == 0) p.vanish_at = VanishAt::kListFds;
    if (pid % 41 == 0) p.fd_dir_denied = true;
  }
  OwnerWalkOptions one;
  auto expected = BuildOwnerIndex(proc, one);
  ASSERT_TRUE(expected);
  EXPECT_GT(expected->Sockets(), 400u);
  for (unsigned workers : {2u, 4u, 7u, 0u}) {
    OwnerWalkOptions options;
    options.workers = workers;
    auto got = BuildOwnerIndex(proc, options);
    ASSERT_TRUE(got);
    EXPECT_TRUE(got->SameHolders(*expected)) << workers << " workers";
    EXPECT_EQ(got->processes_scanned, expected->processes_scanned);
    EXPECT_EQ(got->processes_hidden, expected->processes_hidden);
    EXPECT_EQ(got->processes_vanished, expected->processes_vanished);
  }
}

TEST(BuildOwnerIndex, UnreadablePidListFails) {
  FakeProcFs proc;
  proc.SetListPidsError(base::MakeError(base::ErrorKind::kPermission, "open /proc: denied"));
  auto index = BuildOwnerIndex(proc);
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().kind, base::ErrorKind::kPermission);
}

TEST(BuildOwnerIndex, PassedDeadlineIsATimeout) {
  FakeProcFs proc;
  proc.AddProcess(1, "a").fds = {{3, Sock(10)}};
  OwnerWalkOptions options;
  options.deadline = base::Deadline::After(std::chrono::nanoseconds(0));
  auto index = BuildOwnerIndex(proc, options);
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().kind, base::ErrorKind::kTimeout);
  EXPECT_EQ(proc.open_pid_calls(), 0);
}

std::string OwnComm() {
  std::ifstream in("/proc/self/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

// Real kernel: a child process in a private network namespace holds a
// listening socket; the walk over the real /proc must find its pid, fd and comm.
TEST(BuildOwnerIndexKernel, FindsSocketOfChildInPrivateNamespace) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to unshare a network namespace";
  int to_parent[2], to_child[2];
  ASSERT_EQ(pipe(to_parent), 0);
  ASSERT_EQ(pipe(to_child), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Async-signal-safe calls only until _exit.
    struct {
      int fd;
      uint64_t inode;
    } msg{-1, 0};
    if (unshare(CLONE_NEWNET) == 0) {
      msg.fd = socket(AF_INET, SOCK_STREAM, 0);
      struct stat st;
      if (msg.fd >= 0 && listen(msg.fd, 4) == 0 && fstat(msg.fd, &st) == 0) msg.inode = st.st_ino;
    }
    if (write(to_parent[1], &msg, sizeof msg) != sizeof msg) _exit(1);
    char c;
    (void)!read(to_child[0], &c, 1);
    _exit(0);
  }
  struct {
    int fd;
    uint64_t inode;
  } msg{};
  ASSERT_EQ(read(to_parent[0], &msg, sizeof msg), static_cast<ssize_t>(sizeof msg));
  int parent_sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct stat st {};
  ASSERT_EQ(fstat(parent_sock, &st), 0);

  auto proc = procfs::MakeRealProcFs(sys::RealFiles());
  ASSERT_TRUE(proc);
  std::unordered_set<uint64_t> wanted = {msg.inode, st.st_ino};
  OwnerWalkOptions options;
  options.wanted_inodes = &wanted;
  options.workers = 2;
  options.deadline = base::Deadline::After(std::chrono::seconds(10));
  auto index = BuildOwnerIndex(**proc, options);

  (void)!write(to_child[1], "x", 1);
  int status = 0;
  waitpid(child, &status, 0);
  ::close(parent_sock);
  for (int fd : {to_parent[0], to_parent[1], to_child[0], to_child[1]}) ::close(fd);

  ASSERT_NE(msg.inode, 0u) << "child could not create its socket";
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_GT(index->processes_scanned, 1u);
  ASSERT_FALSE(index->Find(msg.inode).empty());
  // The child inherited the parent's fd table before creating its socket, so
  // it alone holds this one.
  EXPECT_EQ(Holders(index->Find(msg.inode)),
            (std::vector<Owner>{{static_cast<int32_t>(child), msg.fd, OwnComm()}}));
  ASSERT_FALSE(index->Find(st.st_ino).empty());
  EXPECT_EQ(index->Find(st.st_ino).front().pid, static_cast<int32_t>(getpid()));
  EXPECT_EQ(index->Sockets(), 2u);
}

}  // namespace
}  // namespace sockscope::collect
