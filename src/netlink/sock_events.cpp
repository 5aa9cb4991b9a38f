#include "netlink/sock_events.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <cstring>

#include "netlink/attributes.h"
#include "netlink/inet_diag.h"

namespace sockscope::netlink {
namespace {

// The protocol of an event: its INET_DIAG_PROTOCOL attribute (TCP when the
// kernel leaves it out).
model::Proto ProtocolOf(std::span<const uint8_t> payload) {
  if (payload.size() < sizeof(inet_diag_msg)) return model::Proto::kTcp;
  AttributeWalker walker(payload.subspan(NLMSG_ALIGN(sizeof(inet_diag_msg))));
  Attribute attr;
  while (walker.Next(attr))
    if (attr.type == INET_DIAG_PROTOCOL && !attr.payload.empty())
      return attr.payload[0] == IPPROTO_UDP ? model::Proto::kUdp : model::Proto::kTcp;
  return model::Proto::kTcp;
}

}  // namespace

DestroyEvents::DestroyEvents(std::unique_ptr<sys::NetlinkSocket> socket)
    : socket_(std::move(socket)), buffer_(64 * 1024) {}

base::Result<std::unique_ptr<DestroyEvents>> DestroyEvents::Open(sys::NetlinkOpener& opener,
                                                                 const EventGroups& groups) {
  auto sock = opener.Open(NETLINK_SOCK_DIAG, 1 << 20);
  if (!sock) return sock.error();
  const std::pair<bool, unsigned> wanted[] = {{groups.tcp4, SKNLGRP_INET_TCP_DESTROY},
                                              {groups.udp4, SKNLGRP_INET_UDP_DESTROY},
                                              {groups.tcp6, SKNLGRP_INET6_TCP_DESTROY},
                                              {groups.udp6, SKNLGRP_INET6_UDP_DESTROY}};
  for (const auto& [want, group] : wanted) {
    if (!want) continue;
    if (auto joined = (*sock)->JoinGroup(group); !joined) return joined.error();
  }
  return std::unique_ptr<DestroyEvents>(new DestroyEvents(std::move(*sock)));
}

base::Result<std::vector<model::Socket>> DestroyEvents::Next(const base::Deadline& deadline) {
  std::vector<model::Socket> out;
  auto got = socket_->Receive(buffer_, deadline);
  if (!got) {
    if (got.error().kind == base::ErrorKind::kTimeout) return out;
    return got.error();
  }
  if (got->sender_port != 0) return out;  // only the kernel sends events
  size_t at = 0;
  while (at + sizeof(nlmsghdr) <= got->bytes) {
    nlmsghdr h;
    std::memcpy(&h, buffer_.data() + at, sizeof h);
    if (h.nlmsg_len < sizeof h || at + h.nlmsg_len > got->bytes) {
      ++malformed_;
      break;
    }
    if (h.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
      std::span<const uint8_t> payload(buffer_.data() + at + NLMSG_HDRLEN,
                                       h.nlmsg_len - NLMSG_HDRLEN);
      model::Socket s;
      if (DecodeInetDiag(payload, ProtocolOf(payload), s))
        out.push_back(std::move(s));
      else
        ++malformed_;
    }
    at += NLMSG_ALIGN(h.nlmsg_len);
  }
  if (got->truncated) ++malformed_;
  return out;
}

}  // namespace sockscope::netlink
