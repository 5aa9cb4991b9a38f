#include "procfs/limits.h"

#include "procfs/text_scan.h"

namespace sockscope::procfs {

std::optional<std::vector<int64_t>> ParseSysctlInts(std::string_view text, size_t count) {
  std::vector<int64_t> values;
  // Tokens are separated by spaces, tabs or a final newline (CR tolerated).
  std::string normalised;
  normalised.reserve(text.size());
  for (char c : text) normalised += (c == '\n' || c == '\r') ? ' ' : c;
  std::string_view rest = normalised, token;
  while (scan::NextToken(rest, token)) {
    auto v = scan::ParseSigned(token);
    if (!v || values.size() == count) return std::nullopt;
    values.push_back(*v);
  }
  if (values.size() != count) return std::nullopt;
  return values;
}

LimitsRead ReadLimits(ProcFs& proc) {
  LimitsRead out;
  auto& l = out.limits;
  auto read = [&](const char* key, size_t count) -> std::optional<std::vector<int64_t>> {
    auto text = proc.ReadSysctl(key);
    if (!text) {
      out.problems.push_back(std::string(key) + ": " + text.error().message);
      return std::nullopt;
    }
    auto values = ParseSysctlInts(*text, count);
    if (!values) out.problems.push_back(std::string(key) + ": unexpected contents");
    return values;
  };
  auto one = [&](const char* key, std::optional<int64_t>& field) {
    if (auto v = read(key, 1)) field = (*v)[0];
  };
  one("net/core/somaxconn", l.somaxconn);
  one("net/ipv4/tcp_max_syn_backlog", l.tcp_max_syn_backlog);
  one("net/ipv4/tcp_syncookies", l.tcp_syncookies);
  one("net/ipv4/tcp_abort_on_overflow", l.tcp_abort_on_overflow);
  one("net/ipv4/tcp_max_tw_buckets", l.tcp_max_tw_buckets);
  one("net/ipv4/tcp_max_orphans", l.tcp_max_orphans);
  if (auto v = read("net/ipv4/ip_local_port_range", 2)) {
    l.port_range_low = (*v)[0];
    l.port_range_high = (*v)[1];
  }
  if (auto v = read("net/ipv4/tcp_mem", 3)) {
    l.tcp_mem_min = (*v)[0];
    l.tcp_mem_pressure = (*v)[1];
    l.tcp_mem_max = (*v)[2];
  }
  return out;
}

}  // namespace sockscope::procfs
