#include "netlink/unix_diag.h"

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "netlink/attributes.h"
#include "netlink/sk_meminfo.h"

namespace sockscope::netlink {
namespace {
using base::ErrorKind;
using base::MakeError;
using base::Result;

constexpr size_t kMaxPath = 108;  // sizeof(sockaddr_un::sun_path)
}  // namespace

std::vector<uint8_t> BuildUnixDiagRequest(const UnixDiagQuery& query) {
  unix_diag_req req{};
  req.sdiag_family = AF_UNIX;
  req.udiag_states = query.states;
  req.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
  if (query.want_memory) req.udiag_show |= UDIAG_SHOW_MEMINFO;
  if (query.want_file) req.udiag_show |= UDIAG_SHOW_VFS;
  std::vector<uint8_t> bytes(sizeof req);
  std::memcpy(bytes.data(), &req, sizeof req);
  return bytes;
}

Result<void> DecodeUnixDiag(std::span<const uint8_t> payload, model::Socket& out) {
  if (payload.size() < sizeof(unix_diag_msg))
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("unix_diag message of {} bytes, expected at least {}",
                                 payload.size(), sizeof(unix_diag_msg)));
  unix_diag_msg msg;
  std::memcpy(&msg, payload.data(), sizeof msg);
  if (msg.udiag_family != AF_UNIX)
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("unix_diag message with family {}", msg.udiag_family));
  model::ResetSocket(out);
  out.proto = model::Proto::kUnix;
  out.family = model::Family::kUnix;
  switch (msg.udiag_type) {
    case SOCK_STREAM:
      out.socket_type = model::SocketType::kStream;
      break;
    case SOCK_DGRAM:
      out.socket_type = model::SocketType::kDgram;
      break;
    case SOCK_SEQPACKET:
      out.socket_type = model::SocketType::kSeqpacket;
      break;
    default:
      return MakeError(ErrorKind::kMalformed,
                       fmt::format("unix_diag message with type {}", msg.udiag_type));
  }
  if (msg.udiag_state == 0 || msg.udiag_state > model::kMaxState)
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("unix_diag message with state {}", msg.udiag_state));
  out.state = static_cast<model::State>(msg.udiag_state);
  out.inode = msg.udiag_ino;
  out.cookie = (static_cast<uint64_t>(msg.udiag_cookie[1]) << 32) | msg.udiag_cookie[0];

  AttributeWalker walker(payload.subspan(NLMSG_ALIGN(sizeof(unix_diag_msg))));
  Attribute attr;
  while (walker.Next(attr)) {
    switch (attr.type) {
      case UNIX_DIAG_NAME: {
        auto bytes = attr.payload.first(std::min(attr.payload.size(), kMaxPath));
        if (!bytes.empty() && bytes[0] == 0) {
          out.unix_path = "@";
          out.unix_path.append(reinterpret_cast<const char*>(bytes.data()) + 1, bytes.size() - 1);
        } else {
          size_t n = 0;  // filesystem paths end at the first NUL
          while (n < bytes.size() && bytes[n] != 0) ++n;
          out.unix_path.assign(reinterpret_cast<const char*>(bytes.data()), n);
        }
        break;
      }
      case UNIX_DIAG_PEER: {
        uint32_t peer = 0;
        if (ReadScalar(attr.payload, peer)) out.unix_peer_inode = peer;
        break;
      }
      case UNIX_DIAG_RQLEN: {
        unix_diag_rqlen rq{};
        if (ReadScalar(attr.payload, rq)) {
          out.recv_q = rq.udiag_rqueue;
          out.send_q = rq.udiag_wqueue;
        }
        break;
      }
      case UNIX_DIAG_MEMINFO:
        out.mem = DecodeSkMemInfo(attr.payload);
        break;
      case UNIX_DIAG_UID: {
        uint32_t uid = 0;
        if (ReadScalar(attr.payload, uid)) out.uid = uid;
        break;
      }
      case UNIX_DIAG_VFS: {
        unix_diag_vfs vfs{};
        if (attr.payload.size() >= sizeof vfs) {
          std::memcpy(&vfs, attr.payload.data(), sizeof vfs);
          out.unix_file = model::UnixFile{vfs.udiag_vfs_ino, vfs.udiag_vfs_dev};
        }
        break;
      }
      case UNIX_DIAG_SHUTDOWN: {
        uint8_t mask = 0;
        if (ReadScalar(attr.payload, mask)) {
          out.shutdown = mask;
          out.shutdown_known = true;
        }
        break;
      }
      default:
        break;
    }
  }
  if (walker.failed()) return walker.error().Wrap("unix_diag attributes");
  return {};
}

}  // namespace sockscope::netlink
