#include "procfs/interfaces_parser.h"

#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

// Device names are at most 15 bytes (IFNAMSIZ - 1).
constexpr size_t kMaxName = 15;

}  // namespace

void AddInterfacesFromIgmp(std::string_view text, InterfaceNames& out) {
  scan::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    // "IDX\tNAME   : COUNT QUERIER"; group lines start with tabs.
    std::string_view rest = line, index_text, name;
    if (!scan::NextToken(rest, index_text) || !scan::NextToken(rest, name)) continue;
    auto index = scan::ParseUnsigned<uint32_t>(index_text, 10);
    if (!index || *index == 0 || name.empty() || name.size() > kMaxName) continue;
    std::string_view colon;
    if (!scan::NextToken(rest, colon) || colon != ":") continue;
    out.emplace(*index, std::string(name));
  }
}

void AddInterfacesFromIfInet6(std::string_view text, InterfaceNames& out) {
  scan::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    // "ADDRESS IFINDEX PREFIXLEN SCOPE FLAGS NAME", numbers in hex.
    std::string_view rest = line, field, index_text, name;
    if (!scan::NextToken(rest, field) || !scan::NextToken(rest, index_text)) continue;
    for (int skip = 0; skip < 3; ++skip)
      if (!scan::NextToken(rest, field)) rest = {};
    if (!scan::NextToken(rest, name)) continue;
    auto index = scan::ParseUnsigned<uint32_t>(index_text, 16);
    if (!index || *index == 0 || name.empty() || name.size() > kMaxName) continue;
    out.emplace(*index, std::string(name));
  }
}

}  // namespace sockscope::procfs
