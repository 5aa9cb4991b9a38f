#include "bench/micro/bench_data.h"

#include <linux/netlink.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

namespace sockscope::bench {

std::vector<std::vector<uint8_t>> RecordedPayloads(const std::string& name) {
  std::ifstream in(fmt::format("{}/netlink/{}.bin", SOCKSCOPE_FIXTURES, name), std::ios::binary);
  std::vector<uint8_t> file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (file.empty()) throw std::runtime_error("no fixture " + name);
  std::vector<std::vector<uint8_t>> out;
  // File format: per datagram, a 4-byte little-endian length, then the bytes.
  size_t pos = 0;
  while (pos + 4 <= file.size()) {
    uint32_t len =
        file[pos] | file[pos + 1] << 8 | file[pos + 2] << 16 | uint32_t{file[pos + 3]} << 24;
    pos += 4;
    if (len > file.size() - pos) break;
    size_t off = pos;
    while (off + sizeof(nlmsghdr) <= pos + len) {
      nlmsghdr h;
      std::memcpy(&h, file.data() + off, sizeof h);
      if (h.nlmsg_len < sizeof h || h.nlmsg_len > pos + len - off) break;
      if (h.nlmsg_type != NLMSG_DONE && h.nlmsg_type != NLMSG_ERROR)
        out.emplace_back(file.begin() + static_cast<long>(off + NLMSG_HDRLEN),
                         file.begin() + static_cast<long>(off + h.nlmsg_len));
      off += NLMSG_ALIGN(h.nlmsg_len);
    }
    pos += len;
  }
  return out;
}

std::string SyntheticProcNetTcp(size_t rows) {
  std::string out =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
      "timeout inode\n";
  for (size_t i = 0; i < rows; ++i) {
    // 127.0.0.(1 + i % 8):8080 <- 127.0.0.(1 + i % 8):(32768 + i % 28000), in /proc's byte order.
    unsigned host = 1 + i % 8;
    fmt::format_to(std::back_inserter(out),
                   "{:6}: {:02X}00007F:1F90 {:02X}00007F:{:04X} 01 00000000:00000000 "
                   "00:00000000 00000000  1000        0 {} 1 0000000000000000 20 4 30 10 -1\n",
                   i, host, host, 32768 + i % 28000, 100000 + i);
  }
  return out;
}

model::Snapshot SyntheticSnapshot(size_t sockets) {
  model::Snapshot snap;
  snap.source = "netlink";
  snap.owners_collected = true;
  snap.sockets.reserve(sockets);
  constexpr size_t kListeners = 50;
  for (size_t i = 0; i < sockets; ++i) {
    model::Socket s;
    s.netns = 4026531840;
    s.proto = model::Proto::kTcp;
    s.family = model::Family::kInet;
    s.inode = 100000 + i;
    s.cookie = 0x10000 + i;
    s.uid = 1000;
    const bool listener = i < kListeners;
    s.state = listener ? model::State::kListen : model::State::kEstablished;
    s.local.addr = *model::ParseIpAddr(fmt::format("127.0.0.{}", 1 + i % 8));
    s.local.port = static_cast<uint16_t>(
        listener ? 8000 + i : (i % 2 ? 8000 + i % kListeners : 32768 + i % 28000));
    s.peer.addr = listener ? *model::ParseIpAddr("0.0.0.0") : s.local.addr;
    s.peer.port =
        listener ? 0 : static_cast<uint16_t>(i % 2 ? 32768 + i % 28000 : 8000 + i % kListeners);
    s.recv_q = listener ? 3 : static_cast<uint32_t>(i % 7);
    s.send_q = listener ? 128 : 0;
    s.send_q_known = true;
    snap.sockets.push_back(s);
    auto pid = static_cast<int32_t>(1000 + i % 50);
    snap.owners.Add(s.inode, model::Owner{pid, static_cast<int32_t>(3 + i / 50),
                                          fmt::format("worker-{}", pid)});
  }
  return snap;
}

}  // namespace sockscope::bench
