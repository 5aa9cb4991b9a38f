// Builders of hand-made sockets, listeners and snapshots for the collect and
// diagnose unit tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::testing {

inline model::IpAddr Addr(std::string_view text) {
  auto a = model::ParseIpAddr(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a.value_or(model::IpAddr{});
}

inline model::Endpoint Ep(std::string_view addr, uint16_t port) {
  return model::Endpoint{Addr(addr), port};
}

// A TCP socket; the family follows the local address.
inline model::Socket Tcp(model::State state, std::string_view local, uint16_t lport,
                         std::string_view peer, uint16_t pport, uint64_t inode,
                         uint64_t netns = 1) {
  model::Socket s;
  s.netns = netns;
  s.proto = model::Proto::kTcp;
  s.state = state;
  s.local = Ep(local, lport);
  s.peer = Ep(peer, pport);
  s.family = s.local.addr.family;
  s.inode = inode;
  return s;
}

inline model::Socket Listen(std::string_view local, uint16_t port, uint32_t len, uint32_t max,
                            uint64_t inode, uint64_t netns = 1) {
  bool v6 = local.find(':') != std::string_view::npos;
  model::Socket s = Tcp(model::State::kListen, local, port, v6 ? "::" : "0.0.0.0", 0, inode, netns);
  s.recv_q = len;
  s.send_q = max;
  return s;
}

inline model::Listener MakeListener(std::string_view local, uint16_t port, uint32_t len,
                                    uint32_t max, uint64_t netns = 1) {
  model::Listener l;
  l.netns = netns;
  l.local = Ep(local, port);
  l.family = l.local.addr.family;
  l.inode = 1000 + port;
  l.accept_queue_len = len;
  l.accept_queue_max = max;
  return l;
}

inline model::Owner Proc(int32_t pid, std::string comm, int32_t fd = 3) {
  return model::Owner{pid, fd, std::move(comm)};
}

inline model::NetnsData Netns(uint64_t inode) {
  model::NetnsData ns;
  ns.inode = inode;
  ns.counters_ok = true;
  ns.limits.somaxconn = 4096;
  ns.limits.tcp_max_syn_backlog = 1024;
  ns.limits.tcp_syncookies = 1;
  ns.limits.tcp_abort_on_overflow = 0;
  ns.limits.port_range_low = 32768;
  ns.limits.port_range_high = 60999;
  ns.limits.tcp_max_tw_buckets = 262144;
  ns.limits.tcp_max_orphans = 262144;
  ns.limits.tcp_mem_min = 90000;
  ns.limits.tcp_mem_pressure = 120000;
  ns.limits.tcp_mem_max = 180000;
  ns.sockstat.tcp_tw = 10;
  ns.sockstat.tcp_orphan = 0;
  ns.sockstat.tcp_mem_pages = 100;
  return ns;
}

inline model::Snapshot MakeSnapshot(std::vector<model::NetnsData> namespaces = {Netns(1)}) {
  model::Snapshot s;
  s.source = "netlink";
  s.namespaces = std::move(namespaces);
  return s;
}

}  // namespace sockscope::testing
