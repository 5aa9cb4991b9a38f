#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <vector>

#include "base/unique_fd.h"
#include "sys/bpf/socket_fds.skel.h"
#include "sys/files.h"
#include "sys/socket_fds.h"

namespace sockscope::sys {
namespace {

using base::ErrorKind;
using base::MakeError;

// The record sys/bpf/socket_fds.bpf.c writes (struct socket_fd_record).
struct Record {
  uint64_t inode;
  uint32_t tgid;
  uint32_t pid;
  uint32_t fd;
  char comm[16];
  uint32_t kind;  // 0 a socket, 1 an epoll instance
};
static_assert(sizeof(Record) == 40);

// libbpf prints its reasons to stderr by default; sockscope keeps the last
// warning for its own error message instead (thread-local: loads may run in
// any thread).
thread_local std::string g_libbpf_last;

__attribute__((format(printf, 2, 0))) int KeepLibbpfMessage(enum libbpf_print_level level,
                                                            const char* format, va_list args) {
  if (level == LIBBPF_DEBUG) return 0;
  char line[512];
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(line, sizeof line, format, copy);
  va_end(copy);
  if (n > 0) {
    g_libbpf_last.assign(line, std::min(static_cast<size_t>(n), sizeof line - 1));
    while (!g_libbpf_last.empty() && g_libbpf_last.back() == '\n') g_libbpf_last.pop_back();
  }
  return 0;
}

ErrorKind KindOf(int err) {
  switch (err) {
    case EPERM:
    case EACCES:
      return ErrorKind::kPermission;
    case ENOENT:
    case ESRCH:
    case EINVAL:
    case ENOTSUP:
    case ENOSYS:
    case E2BIG:
      return ErrorKind::kUnsupported;
    default:
      return ErrorKind::kIo;
  }
}

// The iterator numbers tasks as the initial PID namespace does; in a
// namespace of its own, sockscope's /proc (and its users) number them
// otherwise. /proc/self/status lists one NSpid per namespace level.
bool InInitialPidNamespace() {
  auto status = RealFiles().ReadFileAt(AT_FDCWD, "/proc/self/status", 1 << 16);
  if (!status) return true;  // cannot tell: let the load decide
  const size_t at = status->find("\nNSpid:");
  if (at == std::string::npos) return true;
  const size_t end = status->find('\n', at + 1);
  const std::string_view line =
      std::string_view(*status).substr(at + 7, end == std::string::npos ? end : end - at - 7);
  size_t numbers = 0;
  bool in_number = false;
  for (char c : line) {
    const bool digit = c >= '0' && c <= '9';
    if (digit && !in_number) ++numbers;
    in_number = digit;
  }
  return numbers <= 1;
}

class BpfSocketFdSource final : public SocketFdSource {
 public:
  ~BpfSocketFdSource() override {
    if (link_) bpf_link__destroy(link_);
    if (skeleton_) socket_fds__destroy(skeleton_);
  }

  base::Result<void> Read(const base::Deadline& deadline,
                          const std::function<void(const SocketFd&)>& on_fd) override {
    if (!loaded_) {
      loaded_ = true;
      load_error_ = Load();
    }
    if (load_error_) return *load_error_;
    if (deadline.Expired())
      return MakeError(ErrorKind::kTimeout, "BPF owner map: the time budget was spent");
    base::UniqueFd iter(bpf_iter_create(bpf_link__fd(link_)));
    if (!iter.valid()) {
      const int err = errno;
      return MakeError(KindOf(err),
                       fmt::format("BPF owner map: bpf_iter_create: {}", std::strerror(err)));
    }
    // Whole records only: the kernel's seq_file never splits one (each is
    // one bpf_seq_write), but a short read keeps its tail for the next.
    std::vector<char> buffer(64 * 1024);
    size_t held = 0;
    for (;;) {
      if (deadline.Expired())
        return MakeError(ErrorKind::kTimeout, "BPF owner map: the time budget was spent");
      const ssize_t n = ::read(iter.get(), buffer.data() + held, buffer.size() - held);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        const int err = errno;
        return MakeError(KindOf(err), fmt::format("BPF owner map: read: {}", std::strerror(err)));
      }
      if (n == 0) break;
      held += static_cast<size_t>(n);
      size_t used = 0;
      for (; held - used >= sizeof(Record); used += sizeof(Record)) {
        Record r;
        std::memcpy(&r, buffer.data() + used, sizeof r);
        SocketFd fd;
        fd.inode = r.inode;
        fd.pid = static_cast<int32_t>(r.tgid);
        fd.fd = static_cast<int32_t>(r.fd);
        fd.comm.assign(r.comm, strnlen(r.comm, sizeof r.comm));
        fd.epoll = r.kind == 1;
        on_fd(fd);
      }
      std::memmove(buffer.data(), buffer.data() + used, held - used);
      held -= used;
    }
    if (held != 0)
      return MakeError(ErrorKind::kMalformed,
                       fmt::format("BPF owner map: {} stray bytes after the last record", held));
    return {};
  }

  std::string_view Via() const override { return "bpf"; }

 private:
  std::optional<base::Error> Load() {
    if (!InInitialPidNamespace())
      return MakeError(ErrorKind::kUnsupported,
                       "BPF owner map: sockscope runs in a PID namespace of its own, where the "
                       "kernel's iterator would number processes as the host does");
    libbpf_set_print(KeepLibbpfMessage);
    g_libbpf_last.clear();
    auto fail = [](std::string_view step, int err) {
      std::string why = fmt::format("BPF owner map: {}: {}", step, std::strerror(err));
      if (!g_libbpf_last.empty()) why += " (libbpf: " + g_libbpf_last + ")";
      return MakeError(KindOf(err), why);
    };
    skeleton_ = socket_fds__open();
    if (!skeleton_) return fail("open", errno);
    if (int err = socket_fds__load(skeleton_); err != 0) return fail("load", -err);
    link_ = bpf_program__attach_iter(skeleton_->progs.socket_fds, nullptr);
    if (!link_) return fail("attach iterator", errno);
    return std::nullopt;
  }

  bool loaded_ = false;
  std::optional<base::Error> load_error_;
  socket_fds* skeleton_ = nullptr;
  bpf_link* link_ = nullptr;
};

}  // namespace

std::unique_ptr<SocketFdSource> MakeBpfSocketFdSource() {
  return std::make_unique<BpfSocketFdSource>();
}

}  // namespace sockscope::sys
