// Per-namespace kernel counters (TcpExt/Tcp from /proc/net/netstat and snmp),
// socket totals (/proc/net/sockstat) and the sysctl limits in force.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sockscope::model {

// The one copy of a counter's name, kept for the life of the process
// (the kernel has a few hundred; thread-safe).
std::string_view InternCounterName(std::string_view name);

// Counter values by name, sorted by name: one flat array of (interned name,
// value), 24 bytes a counter where a std::map of strings took about 100.
// A namespace has some 300 counters; `-N all check` over 2,000 namespaces
// holds two samples of each.
class CounterValues {
 public:
  using Entry = std::pair<std::string_view, uint64_t>;
  CounterValues() = default;
  CounterValues(std::initializer_list<std::pair<std::string_view, uint64_t>> entries) {
    for (const auto& [key, value] : entries) (*this)[key] = value;
  }
  // The value of `key`, added as 0 when missing.
  uint64_t& operator[](std::string_view key) {
    auto it = LowerBound(key);
    if (it == entries_.end() || it->first != key)
      it = entries_.insert(it, Entry{InternCounterName(key), 0});
    return it->second;
  }
  std::optional<uint64_t> Find(std::string_view key) const {
    auto it = LowerBound(key);
    if (it == entries_.end() || it->first != key) return std::nullopt;
    return it->second;
  }
  // Sets many at once, as operator[] each would (a later value of a key
  // wins), but appended and sorted once: a file's counters come in the
  // kernel's order, and inserting each into the sorted array shifted the
  // rest (some 300 a namespace, for every namespace and sample).
  void SetAll(std::span<const Entry> entries);
  // Adds the counters of `other` this does not have (one pass: both sorted).
  void merge(const CounterValues& other);
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }

 private:
  std::vector<Entry>::iterator LowerBound(std::string_view key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const Entry& e, std::string_view k) { return e.first < k; });
  }
  std::vector<Entry>::const_iterator LowerBound(std::string_view key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const Entry& e, std::string_view k) { return e.first < k; });
  }
  std::vector<Entry> entries_;
};

// Keys are "Group.Name" exactly as the kernel names them, e.g.
// "TcpExt.ListenOverflows", "Tcp.CurrEstab". Values are as read (counters
// wrap only at 2^64 in practice).
struct Counters {
  CounterValues values;

  std::optional<uint64_t> Get(std::string_view key) const { return values.Find(key); }

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
