#include "baseline.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "status.h"

namespace sockscope::bench {
namespace {

// Same order of size as ss uses; large enough that the kernel fills each
// read with many sockets.
constexpr size_t kReceiveBuffer = 64 * 1024;

Status SendDumpRequest(int fd, uint8_t family, uint32_t seq) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.header.nlmsg_seq = seq;
  message.request.sdiag_family = family;
  message.request.sdiag_protocol = IPPROTO_TCP;
  message.request.idiag_states = ~0u;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof kernel) != static_cast<ssize_t>(sizeof message)) {
    return Status::Errno("send sock_diag request");
  }
  return Status::Ok();
}

// Appends the inode of every socket in one family's dump.
Status ReceiveDump(int fd, uint32_t seq, std::vector<uint32_t>* inodes) {
  std::vector<char> buf(kReceiveBuffer);
  for (;;) {
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Errno("recv sock_diag");
    }
    if (n == 0) return Status::Fail("recv sock_diag: unexpected end of stream");
    size_t left = static_cast<size_t>(n);
    for (auto* h = reinterpret_cast<const nlmsghdr*>(buf.data()); NLMSG_OK(h, left);
         h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_seq != seq) continue;
      if (h->nlmsg_flags & NLM_F_DUMP_INTR) return Status::Fail("sock_diag dump interrupted");
      if (h->nlmsg_type == NLMSG_DONE) return Status::Ok();
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
        errno = -err->error;
        return Status::Errno("sock_diag");
      }
      if (h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg))) {
        return Status::Fail("sock_diag: short message");
      }
      inodes->push_back(static_cast<const inet_diag_msg*>(NLMSG_DATA(h))->idiag_inode);
    }
  }
}

Status DumpTcpInodes(std::vector<uint32_t>* inodes) {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!fd.valid()) return Status::Errno("socket NETLINK_SOCK_DIAG");
  uint32_t seq = 1;
  for (uint8_t family : {AF_INET, AF_INET6}) {
    if (Status s = SendDumpRequest(fd.get(), family, seq); !s.ok()) return s;
    if (Status s = ReceiveDump(fd.get(), seq, inodes); !s.ok()) return s;
    ++seq;
  }
  return Status::Ok();
}

// Socket inode -> pid of the first process seen holding it. Processes and fd
// directories that vanish or are denied mid-walk are skipped, as any tool must.
std::unordered_map<uint32_t, int> WalkSocketFds() {
  std::unordered_map<uint32_t, int> owners;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return owners;
  constexpr std::string_view kPrefix = "socket:[";
  while (const dirent* entry = ::readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%ld/fd", pid);
    const int dir_fd = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) continue;
    DIR* fds = ::fdopendir(dir_fd);  // Owns dir_fd from here on.
    if (fds == nullptr) {
      ::close(dir_fd);
      continue;
    }
    while (const dirent* fd_entry = ::readdir(fds)) {
      if (fd_entry->d_name[0] == '.') continue;
      char target[64];
      const ssize_t len = ::readlinkat(dir_fd, fd_entry->d_name, target, sizeof target - 1);
      if (len <= static_cast<ssize_t>(kPrefix.size())) continue;
      const std::string_view link(target, static_cast<size_t>(len));
      if (!link.starts_with(kPrefix)) continue;
      const uint32_t inode =
          static_cast<uint32_t>(std::strtoul(target + kPrefix.size(), nullptr, 10));
      owners.emplace(inode, static_cast<int>(pid));
    }
    ::closedir(fds);
  }
  ::closedir(proc);
  return owners;
}

}  // namespace

int RunBaseline() {
  std::vector<uint32_t> inodes;
  if (Status s = DumpTcpInodes(&inodes); !s.ok()) {
    std::fprintf(stderr, "baseline: %s\n", s.message().c_str());
    return 1;
  }
  const std::unordered_map<uint32_t, int> owners = WalkSocketFds();
  size_t owned = 0;
  for (uint32_t inode : inodes) owned += owners.count(inode);
  std::printf("sockets=%zu owned=%zu socket_inodes=%zu\n", inodes.size(), owned, owners.size());
  return 0;
}

}  // namespace sockscope::bench
