#include "netlink/packet_diag.h"

#include <linux/netlink.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <cstring>

#include "netlink/attributes.h"
#include "netlink/sk_meminfo.h"

namespace sockscope::netlink {
namespace {

using base::ErrorKind;
using base::MakeError;

model::PacketRing DecodeRing(std::span<const uint8_t> payload) {
  packet_diag_ring ring{};
  std::memcpy(&ring, payload.data(), std::min(payload.size(), sizeof ring));
  model::PacketRing out;
  out.block_size = ring.pdr_block_size;
  out.block_nr = ring.pdr_block_nr;
  out.frame_size = ring.pdr_frame_size;
  out.frame_nr = ring.pdr_frame_nr;
  out.retire_tmo = ring.pdr_retire_tmo;
  out.features = ring.pdr_features;
  return out;
}

}  // namespace

std::vector<uint8_t> BuildPacketDiagRequest() {
  packet_diag_req req{};
  req.sdiag_family = AF_PACKET;
  req.pdiag_show =
      PACKET_SHOW_INFO | PACKET_SHOW_MEMINFO | PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT;
  std::vector<uint8_t> bytes(sizeof req);
  std::memcpy(bytes.data(), &req, sizeof req);
  return bytes;
}

base::Result<void> DecodePacketDiag(std::span<const uint8_t> payload, model::Socket& out) {
  if (payload.size() < sizeof(packet_diag_msg))
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("packet_diag message of {} bytes, expected at least {}",
                                 payload.size(), sizeof(packet_diag_msg)));
  packet_diag_msg msg;
  std::memcpy(&msg, payload.data(), sizeof msg);
  model::ResetSocket(out);
  out.proto = model::Proto::kPacket;
  out.family = model::Family::kPacket;
  out.socket_type =
      msg.pdiag_type == SOCK_DGRAM ? model::SocketType::kDgram : model::SocketType::kRaw;
  out.state = model::State::kClose;
  out.inode = msg.pdiag_ino;
  out.cookie = (static_cast<uint64_t>(msg.pdiag_cookie[1]) << 32) | msg.pdiag_cookie[0];
  model::PacketInfo& info = out.packet.emplace();
  info.protocol = msg.pdiag_num;  // the kernel sends it in host order

  AttributeWalker walker(payload.subspan(NLMSG_ALIGN(sizeof(packet_diag_msg))));
  Attribute attr;
  while (walker.Next(attr)) {
    switch (attr.type) {
      case PACKET_DIAG_INFO:
        if (attr.payload.size() >= sizeof(packet_diag_info)) {
          packet_diag_info pinfo;
          std::memcpy(&pinfo, attr.payload.data(), sizeof pinfo);
          out.interface = pinfo.pdi_index;
          info.details =
              model::PacketInfo::Details{pinfo.pdi_version, pinfo.pdi_copy_thresh, pinfo.pdi_flags};
        }
        break;
      case PACKET_DIAG_MEMINFO: {
        const model::MemInfo mem = DecodeSkMemInfo(attr.payload);
        out.recv_q = mem.rmem_alloc;
        out.mem = mem;
        break;
      }
      case PACKET_DIAG_UID:
        if (attr.payload.size() >= sizeof(uint32_t))
          std::memcpy(&out.uid, attr.payload.data(), sizeof(uint32_t));
        break;
      case PACKET_DIAG_RX_RING:
        info.rx_ring = DecodeRing(attr.payload);
        break;
      case PACKET_DIAG_TX_RING:
        info.tx_ring = DecodeRing(attr.payload);
        break;
      case PACKET_DIAG_FANOUT:
        if (attr.payload.size() >= sizeof(uint32_t)) {
          uint32_t fanout = 0;
          std::memcpy(&fanout, attr.payload.data(), sizeof fanout);
          info.fanout = fanout;
        }
        break;
      default:
        break;
    }
  }
  if (walker.failed()) return walker.error().Wrap("packet_diag attributes");
  return {};
}

}  // namespace sockscope::netlink
