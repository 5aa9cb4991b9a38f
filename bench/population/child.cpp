#include "child.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace sockscope::bench {
namespace {

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // The parent is gone; the death signal follows.
    done += static_cast<size_t>(n);
  }
}

[[noreturn]] void ChildMain(pid_t parent, int report_fd, const Role& role,
                            const sigset_t& child_mask) {
  // Die with the parent; the getppid check closes the race where the parent
  // died before prctl ran.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(1);
  ::sigprocmask(SIG_SETMASK, &child_mask, nullptr);
  // Drop every fd inherited from the parent (other children's report pipes)
  // except stdio and our own report pipe, so fd counts are exactly ours.
  if (report_fd > 3) ::close_range(3, static_cast<unsigned>(report_fd) - 1, 0);
  ::close_range(static_cast<unsigned>(report_fd) + 1, ~0u, 0);

  std::vector<UniqueFd> held;
  std::string detail;
  const Status status = role(&held, &detail);
  WriteAll(report_fd, status.ok() ? "ok " + detail + "\n" : "error " + status.message() + "\n");
  if (!status.ok()) ::_exit(1);
  // Hold everything (and the report pipe, whose EOF tells the parent we died)
  // until SIGKILL.
  for (;;) ::pause();
}

}  // namespace

Status SpawnChild(const std::string& kind, const Role& role, const sigset_t& child_mask,
                  Child* out) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return Status::Errno("pipe2 for " + kind);
  UniqueFd read_end(ends[0]);
  UniqueFd write_end(ends[1]);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return Status::Errno("fork " + kind);
  if (pid == 0) {
    read_end.Reset();
    ChildMain(parent, write_end.get(), role, child_mask);
  }
  out->pid = pid;
  out->kind = kind;
  out->report = std::move(read_end);
  return Status::Ok();
}

void KillAndReap(std::vector<Child>* children) {
  for (Child& child : *children) {
    if (child.pid > 0) ::kill(child.pid, SIGKILL);
  }
  // SIGKILL cannot be caught, so each wait ends once the kernel has closed
  // the child's sockets.
  for (Child& child : *children) {
    if (child.pid <= 0) continue;
    while (::waitpid(child.pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    child.pid = -1;
    child.report.Reset();
  }
}

}  // namespace sockscope::bench
