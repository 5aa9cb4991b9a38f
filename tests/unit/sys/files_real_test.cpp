// Issue 12: the real Files retries EINTR a bounded number of times. A FIFO
// with no writer (open) or no data (read) blocks in the kernel, and a timer
// signal without SA_RESTART interrupts it again and again: before, the retry
// loops spun for as long as the signals came; now the call fails with EINTR
// after 16 retries.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>

#include "base/unique_fd.h"
#include "sys/files.h"

namespace sockscope::sys {
namespace {

using Clock = std::chrono::steady_clock;

extern "C" void OnAlarm(int) {}

// A SIGALRM every millisecond, without SA_RESTART, while alive.
class AlarmStorm {
 public:
  AlarmStorm() {
    struct sigaction sa {};
    sa.sa_handler = OnAlarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGALRM, &sa, &old_);
    itimerval every{{0, 1000}, {0, 1000}};
    setitimer(ITIMER_REAL, &every, nullptr);
  }
  ~AlarmStorm() {
    itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
    sigaction(SIGALRM, &old_, nullptr);
  }

 private:
  struct sigaction old_ {};
};

class Fifo {
 public:
  Fifo() {
    char dir[] = "/tmp/sockscope-fifo-XXXXXX";
    dir_ = mkdtemp(dir) ? dir : "";
    path_ = dir_ + "/f";
    ok_ = !dir_.empty() && mkfifo(path_.c_str(), 0600) == 0;
  }
  ~Fifo() {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  bool ok() const { return ok_; }
  const char* path() const { return path_.c_str(); }

 private:
  std::string dir_, path_;
  bool ok_ = false;
};

TEST(RealFiles, OpenInterruptedWithoutEndFailsWithEintrIssue12) {
  Fifo fifo;
  ASSERT_TRUE(fifo.ok());
  auto start = Clock::now();
  base::Result<base::UniqueFd> fd = base::MakeError(base::ErrorKind::kIo, "not run");
  {
    AlarmStorm storm;
    fd = RealFiles().OpenAt(AT_FDCWD, fifo.path(), O_RDONLY);  // no writer: blocks
  }
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().errnum, EINTR) << fd.error().message;
  EXPECT_NE(fd.error().message.find("interrupted 17 times in a row"), std::string::npos)
      << fd.error().message;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(RealFiles, ReadInterruptedWithoutEndFailsWithEintrIssue12) {
  Fifo fifo;
  ASSERT_TRUE(fifo.ok());
  // A writer that never writes: the open succeeds, the read blocks.
  base::UniqueFd writer(::open(fifo.path(), O_RDWR | O_CLOEXEC));
  ASSERT_TRUE(writer.valid());
  base::Result<std::string> text = base::MakeError(base::ErrorKind::kIo, "not run");
  {
    AlarmStorm storm;
    text = RealFiles().ReadFileAt(AT_FDCWD, fifo.path(), 4096);
  }
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().errnum, EINTR) << text.error().message;
  EXPECT_NE(text.error().message.find("read "), std::string::npos) << text.error().message;
}

TEST(RealFiles, OccasionalInterruptionsAreRetried) {
  AlarmStorm storm;
  for (int i = 0; i < 200; ++i) {
    auto status = RealFiles().ReadFileAt(AT_FDCWD, "/proc/self/status", 1 << 20);
    ASSERT_TRUE(status) << status.error().message;
    auto names = RealFiles().ListDir(AT_FDCWD, "/proc/self/fd");
    ASSERT_TRUE(names) << names.error().message;
  }
}

}  // namespace
}  // namespace sockscope::sys
