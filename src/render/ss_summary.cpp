#include "render/ss_summary.h"

#include <fmt/format.h>

#include "model/counter_keys.h"

namespace sockscope::render {

void AppendSsSummary(std::string& out, const model::NetnsData& ns) {
  const model::SockStat& s = ns.sockstat;
  // ss reads the counts as C ints and does its arithmetic in them: so do we,
  // so a difference that goes negative prints as ss prints it.
  auto n = [](const std::optional<uint64_t>& v) { return static_cast<int64_t>(v.value_or(0)); };
  const int64_t tcp4 = n(s.tcp_inuse), tcp6 = n(s.tcp6_inuse);
  const int64_t udp4 = n(s.udp_inuse), udp6 = n(s.udp6_inuse);
  const int64_t raw4 = n(s.raw_inuse), raw6 = n(s.raw6_inuse);
  const int64_t frag4 = n(s.frag_inuse), frag6 = n(s.frag6_inuse);
  const int64_t alloc = n(s.tcp_alloc), tw = n(s.tcp_tw);
  auto it = std::back_inserter(out);
  fmt::format_to(it, "Total: {}\n", n(s.sockets_used));
  fmt::format_to(it, "TCP:   {} (estab {}, closed {}, orphaned {}, timewait {})\n", alloc + tw,
                 n(ns.counters.Get(model::counter::kTcpCurrEstab)), alloc - (tcp4 + tcp6 - tw),
                 n(s.tcp_orphan), tw);
  out += "\nTransport Total     IP        IPv6\n";
  auto row = [&](std::string_view name, int64_t v4, int64_t v6) {
    fmt::format_to(it, "{}\t  {:<9} {:<9} {:<9}\n", name, v4 + v6, v4, v6);
  };
  row("RAW", raw4, raw6);
  row("UDP", udp4, udp6);
  row("TCP", tcp4, tcp6);
  row("INET", raw4 + udp4 + tcp4, raw6 + udp6 + tcp6);
  row("FRAG", frag4, frag6);
  out += '\n';
}

}  // namespace sockscope::render
