// Per-namespace kernel counters (TcpExt/Tcp from /proc/net/netstat and snmp),
// socket totals (/proc/net/sockstat) and the sysctl limits in force.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sockscope::model {

// Keys are "Group.Name" exactly as the kernel names them, e.g.
// "TcpExt.ListenOverflows", "Tcp.CurrEstab". Values are as read (counters
// wrap only at 2^64 in practice).
struct Counters {
  std::map<std::string, uint64_t, std::less<>> values;

  std::optional<uint64_t> Get(std::string_view key) const {
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }

  // Growth of `key` since the `earlier` sample of the same namespace. nullopt
  // when either sample lacks the key or the value went backwards: a counter
  // only decreases when the host rebooted or the namespace was recreated (its
  // inode reused) between the samples, and the difference then means nothing.
  std::optional<uint64_t> DeltaSince(const Counters& earlier, std::string_view key) const {
    auto now = Get(key);
    auto before = earlier.Get(key);
    if (!now || !before || *now < *before) return std::nullopt;
    return *now - *before;
  }
};

// /proc/net/sockstat "TCP:" line.
// /proc/net/sockstat and sockstat6: sockets in use by protocol ("inuse":
// hashed ones; TCP's counts both families' in tcp_alloc, tcp_tw, tcp_orphan).
struct SockStat {
  std::optional<uint64_t> tcp_inuse, tcp_orphan, tcp_tw, tcp_alloc;
  std::optional<uint64_t> tcp_mem_pages;  // pages, compare with Limits::tcp_mem
  std::optional<uint64_t> sockets_used;
  std::optional<uint64_t> udp_inuse, raw_inuse, frag_inuse;                 // sockstat
  std::optional<uint64_t> tcp6_inuse, udp6_inuse, raw6_inuse, frag6_inuse;  // sockstat6
};

struct Limits {
  std::optional<int64_t> somaxconn;                        // net.core.somaxconn
  std::optional<int64_t> tcp_max_syn_backlog;              // net.ipv4.tcp_max_syn_backlog
  std::optional<int64_t> tcp_syncookies;                   // 0, 1, 2
  std::optional<int64_t> tcp_abort_on_overflow;            // 0, 1
  std::optional<int64_t> port_range_low, port_range_high;  // net.ipv4.ip_local_port_range
  std::optional<int64_t> tcp_max_tw_buckets;
  std::optional<int64_t> tcp_max_orphans;
  std::optional<int64_t> tcp_mem_min, tcp_mem_pressure, tcp_mem_max;  // pages
};

}  // namespace sockscope::model
