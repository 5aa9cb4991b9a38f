#include "procfs/sockstat_parser.h"

#include <string>

#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

using Field = std::optional<uint64_t> model::SockStat::*;

// The (line, name) pairs kept; every other pair is read and dropped.
struct Known {
  std::string_view group;
  std::string_view name;
  Field field;
};
constexpr Known kKnown[] = {
    {"sockets:", "used", &model::SockStat::sockets_used},
    {"TCP:", "inuse", &model::SockStat::tcp_inuse},
    {"TCP:", "orphan", &model::SockStat::tcp_orphan},
    {"TCP:", "tw", &model::SockStat::tcp_tw},
    {"TCP:", "alloc", &model::SockStat::tcp_alloc},
    {"TCP:", "mem", &model::SockStat::tcp_mem_pages},
    {"UDP:", "inuse", &model::SockStat::udp_inuse},
    {"RAW:", "inuse", &model::SockStat::raw_inuse},
    {"FRAG:", "inuse", &model::SockStat::frag_inuse},
    {"TCP6:", "inuse", &model::SockStat::tcp6_inuse},
    {"UDP6:", "inuse", &model::SockStat::udp6_inuse},
    {"RAW6:", "inuse", &model::SockStat::raw6_inuse},
    {"FRAG6:", "inuse", &model::SockStat::frag6_inuse},
};

Field Find(std::string_view group, std::string_view name) {
  for (const auto& k : kKnown)
    if (k.group == group && k.name == name) return k.field;
  return nullptr;
}

}  // namespace

ParsedSockStat ParseSockStat(std::string_view text) {
  ParsedSockStat out;
  scan::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    std::string_view rest = line, group;
    if (!scan::NextToken(rest, group)) continue;
    if (group.back() != ':') {
      out.issues.Add(lines.line_no(), "not a \"PROTO: ...\" line");
      continue;
    }
    // Then "name value" pairs.
    std::string_view name, value;
    while (scan::NextToken(rest, name)) {
      if (!scan::NextToken(rest, value)) {
        out.issues.Add(lines.line_no(), std::string(name) + ": no value");
        break;
      }
      Field field = Find(group, name);
      if (!field) continue;
      auto v = scan::ParseUnsigned<uint64_t>(value, 10);
      if (!v) {
        out.issues.Add(lines.line_no(), std::string(name) + ": not a number");
        continue;
      }
      out.sockstat.*field = *v;
    }
  }
  return out;
}

void MergeSockStat(const model::SockStat& from, model::SockStat& into) {
  for (const auto& k : kKnown)
    if ((from.*k.field).has_value()) into.*k.field = from.*k.field;
}

}  // namespace sockscope::procfs
