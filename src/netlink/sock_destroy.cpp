#include "netlink/sock_destroy.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstring>

#include <fmt/format.h>

namespace sockscope::netlink {
namespace {

using base::ErrorKind;
using base::MakeError;

void EncodeAddress(const model::IpAddr& addr, model::Family family, __be32 (&out)[4]) {
  std::memcpy(out, addr.bytes.data(), family == model::Family::kInet ? 4 : 16);
}

constexpr uint32_t kSequence = 1;

}  // namespace

std::vector<uint8_t> BuildSockDestroyRequest(const model::Socket& s) {
  inet_diag_req_v2 req{};
  req.sdiag_family = s.family == model::Family::kInet6 ? AF_INET6 : AF_INET;
  req.sdiag_protocol = s.proto == model::Proto::kUdp ? IPPROTO_UDP : IPPROTO_TCP;
  req.idiag_states = model::kAllStates;
  req.id.idiag_sport = htons(s.local.port);
  req.id.idiag_dport = htons(s.peer.port);
  EncodeAddress(s.local.addr, s.family, req.id.idiag_src);
  EncodeAddress(s.peer.addr, s.family, req.id.idiag_dst);
  req.id.idiag_if = s.interface;
  req.id.idiag_cookie[0] = static_cast<uint32_t>(s.cookie);
  req.id.idiag_cookie[1] = static_cast<uint32_t>(s.cookie >> 32);
  std::vector<uint8_t> bytes(sizeof req);
  std::memcpy(bytes.data(), &req, sizeof req);
  return bytes;
}

base::Result<void> DestroySocket(sys::NetlinkOpener& opener, const model::Socket& s,
                                 const base::Deadline& deadline) {
  if (s.proto != model::Proto::kTcp && s.proto != model::Proto::kUdp)
    return MakeError(ErrorKind::kUnsupported, "only TCP and UDP sockets can be destroyed");
  auto sock = opener.Open(NETLINK_SOCK_DIAG, 0);
  if (!sock) return sock.error();
  const std::vector<uint8_t> body = BuildSockDestroyRequest(s);
  std::vector<uint8_t> request(NLMSG_LENGTH(body.size()));
  nlmsghdr header{};
  header.nlmsg_len = static_cast<uint32_t>(request.size());
  header.nlmsg_type = SOCK_DESTROY;
  header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  header.nlmsg_seq = kSequence;
  std::memcpy(request.data(), &header, sizeof header);
  std::memcpy(request.data() + NLMSG_HDRLEN, body.data(), body.size());
  if (auto sent = (*sock)->Send(request, deadline); !sent) return sent.error();

  // The answer is one NLMSG_ERROR (error 0: done). Anything else from
  // elsewhere is skipped; Receive returns kTimeout at the deadline, so this
  // loop ends by then.
  std::array<uint8_t, 8192> buffer{};
  const uint32_t port = (*sock)->PortId();
  while (true) {
    auto got = (*sock)->Receive(buffer, deadline);
    if (!got) return got.error();
    if (got->sender_port != 0) continue;
    if (got->truncated)
      return MakeError(ErrorKind::kMalformed, "SOCK_DESTROY answer was truncated");
    size_t at = 0;
    while (at + sizeof(nlmsghdr) <= got->bytes) {
      nlmsghdr reply;
      std::memcpy(&reply, buffer.data() + at, sizeof reply);
      if (reply.nlmsg_len < sizeof(nlmsghdr) || at + reply.nlmsg_len > got->bytes)
        return MakeError(ErrorKind::kMalformed, "SOCK_DESTROY answer is not a netlink message");
      if (reply.nlmsg_seq == kSequence && reply.nlmsg_pid == port &&
          reply.nlmsg_type == NLMSG_ERROR) {
        if (reply.nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr)))
          return MakeError(ErrorKind::kMalformed, "SOCK_DESTROY answer too short");
        nlmsgerr err;
        std::memcpy(&err, buffer.data() + at + NLMSG_HDRLEN, sizeof err);
        if (err.error == 0) return {};
        const int errnum = -err.error;
        if (errnum == EPERM || errnum == EACCES)
          return base::ErrorFromErrno(errnum, "SOCK_DESTROY (needs CAP_NET_ADMIN)");
        if (errnum == EOPNOTSUPP)
          return base::ErrorFromErrno(errnum,
                                      "SOCK_DESTROY (the kernel lacks CONFIG_INET_DIAG_DESTROY)");
        return base::ErrorFromErrno(errnum, "SOCK_DESTROY");
      }
      at += NLMSG_ALIGN(reply.nlmsg_len);
    }
  }
}

}  // namespace sockscope::netlink
