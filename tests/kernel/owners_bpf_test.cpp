// Issue 16: owners from the kernel's list of socket fds (the BPF task_file
// iterator, `--owners bpf`) are exactly those of the /proc/PID/fd walk
// (`--owners proc`), on a world of TCP, UDP and UNIX sockets held by this
// process (with threads of its own), by a child sharing some of them (fork)
// and by a second fd on the same socket (dup). Needs root (BPF, as CI runs).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "command_support.h"
#include "netns_support.h"
#include "scenario_support.h"
#include "socket_support.h"

namespace sockscope::testing {
namespace {

using OwnersBpf = NetnsTest;

// Threads that wait until told to end: the iterator must not list their
// (shared) file table once per thread.
class IdleThreads {
 public:
  explicit IdleThreads(int count) {
    for (int i = 0; i < count; ++i)
      threads_.emplace_back([this] {
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return stop_; });
      });
  }
  ~IdleThreads() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    done_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

struct Listing {
  CommandResult result;
  nlohmann::json doc;
  // inode -> "pid/fd/comm ..." of each owner, in the order listed.
  std::map<uint64_t, std::string> owners;
  std::string owners_via;
};

Listing List(const std::string& method) {
  Listing l;
  l.result = RunSockscope({"--owners", method, "ls", "-tuxanp", "-j"});
  l.doc = nlohmann::json::parse(l.result.out, nullptr, false);
  if (!l.doc.is_object()) return l;
  for (const auto& s : l.doc["sockets"]) {
    const uint64_t inode = s.value("inode", uint64_t{0});
    if (inode == 0 || !s.contains("processes") || s["processes"].is_null()) continue;
    std::string text;
    for (const auto& p : s["processes"])
      text += std::to_string(p.value("pid", 0)) + "/" + std::to_string(p.value("fd", 0)) + "/" +
              p.value("comm", "") + " ";
    l.owners[inode] = text;
  }
  for (const auto& src : l.doc["sources"])
    if (src.value("source", "") == "owners") l.owners_via = src.value("via", "");
  return l;
}

TEST_F(OwnersBpf, Issue16BpfAndProcOwnersAgree) {
  TcpScenario tcp;
  UniqueFd udp = UdpBind("127.0.0.1", 5355);
  UnixPair unix_pair = UnixStreamPair();
  UniqueFd shared = TcpListen("127.0.0.1", 7412, 8);
  ASSERT_TRUE(shared.valid());
  // Close-on-exec, as every fd of the test: sockscope must not inherit them.
  UniqueFd second_fd(::fcntl(shared.get(), F_DUPFD_CLOEXEC, 0));
  std::vector<UniqueFd> for_child;
  for_child.emplace_back(::fcntl(shared.get(), F_DUPFD_CLOEXEC, 0));  // the child holds it too
  for_child.push_back(UdpBind("127.0.0.1", 5356));
  ChildHolder child(std::move(for_child), "ownerchild");
  IdleThreads threads(3);

  Listing bpf = List("bpf");
  Listing proc = List("proc");
  ASSERT_EQ(bpf.result.exit_code, 0) << bpf.result.Describe();
  ASSERT_EQ(proc.result.exit_code, 0) << proc.result.Describe();
  EXPECT_EQ(bpf.owners_via, "bpf") << bpf.result.out;
  EXPECT_EQ(proc.owners_via, "proc") << proc.result.out;
  EXPECT_EQ(bpf.owners, proc.owners);
  // The shared listener has three holders: two fds here (one thread group,
  // however many threads) and one in the child.
  struct stat st {};
  ASSERT_EQ(::fstat(shared.get(), &st), 0);
  const std::string self = std::to_string(::getpid());
  const std::string want = self + "/" + std::to_string(shared.get()) + "/";
  const auto it = bpf.owners.find(st.st_ino);
  ASSERT_NE(it, bpf.owners.end()) << bpf.result.out;
  EXPECT_EQ(std::count(it->second.begin(), it->second.end(), ' '), 3) << it->second;
  EXPECT_THAT(it->second, ::testing::HasSubstr(self + "/" + std::to_string(second_fd.get()) + "/"));
  EXPECT_THAT(it->second, ::testing::HasSubstr(want));
  EXPECT_THAT(it->second, ::testing::HasSubstr(std::to_string(child.pid()) + "/"));
  EXPECT_GE(bpf.owners.size(), 8u);  // TCP pair and listener, UDP, UNIX pair, shared, child's UDP
}

}  // namespace
}  // namespace sockscope::testing
