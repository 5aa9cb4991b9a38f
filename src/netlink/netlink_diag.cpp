#include "netlink/netlink_diag.h"

#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <cstring>

#include "netlink/attributes.h"
#include "netlink/sk_meminfo.h"

namespace sockscope::netlink {

using base::ErrorKind;
using base::MakeError;

std::vector<uint8_t> BuildNetlinkDiagRequest() {
  netlink_diag_req req{};
  req.sdiag_family = AF_NETLINK;
  req.sdiag_protocol = NDIAG_PROTO_ALL;
  req.ndiag_show = NDIAG_SHOW_GROUPS | NDIAG_SHOW_MEMINFO;
  std::vector<uint8_t> bytes(sizeof req);
  std::memcpy(bytes.data(), &req, sizeof req);
  return bytes;
}

base::Result<void> DecodeNetlinkDiag(std::span<const uint8_t> payload, model::Socket& out) {
  if (payload.size() < sizeof(netlink_diag_msg))
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("netlink_diag message of {} bytes, expected at least {}",
                                 payload.size(), sizeof(netlink_diag_msg)));
  netlink_diag_msg msg;
  std::memcpy(&msg, payload.data(), sizeof msg);
  model::ResetSocket(out);
  out.proto = model::Proto::kNetlink;
  out.family = model::Family::kNetlink;
  out.state = model::State::kClose;
  out.inode = msg.ndiag_ino;
  out.cookie = (static_cast<uint64_t>(msg.ndiag_cookie[1]) << 32) | msg.ndiag_cookie[0];
  model::NetlinkEnds& ends = out.netlink.emplace();
  ends.protocol = msg.ndiag_protocol;
  ends.portid = msg.ndiag_portid;
  ends.connected =
      msg.ndiag_state == 1;  // NETLINK_CONNECTED (unconnected ones report 7, TCP_CLOSE)
  ends.dst_portid = msg.ndiag_dst_portid;
  ends.dst_group = msg.ndiag_dst_group;

  AttributeWalker walker(payload.subspan(NLMSG_ALIGN(sizeof(netlink_diag_msg))));
  Attribute attr;
  while (walker.Next(attr)) {
    if (attr.type == NETLINK_DIAG_MEMINFO) {
      const model::MemInfo mem = DecodeSkMemInfo(attr.payload);
      out.recv_q = mem.rmem_alloc;
      out.send_q = mem.wmem_alloc;
      out.mem = mem;
    } else if (attr.type == NETLINK_DIAG_GROUPS && attr.payload.size() >= sizeof(uint32_t)) {
      std::memcpy(&ends.groups, attr.payload.data(), sizeof(uint32_t));
    }
  }
  if (walker.failed()) return walker.error().Wrap("netlink_diag attributes");
  return {};
}

}  // namespace sockscope::netlink
