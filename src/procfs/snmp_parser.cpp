#include "procfs/snmp_parser.h"

#include <string>
#include <vector>

#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

// "TcpExt: a b c" -> group "TcpExt", fields "a b c". False without "Name:".
bool SplitGroup(std::string_view line, std::string_view& group, std::string_view& fields) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  group = line.substr(0, colon);
  for (char c : group) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  fields = line.substr(colon + 1);
  return true;
}

void AddGroup(std::string_view group, std::string_view names, std::string_view values,
              size_t value_line_no, ParsedCounters& out) {
  std::vector<std::string_view> keys;
  std::string_view token;
  while (scan::NextToken(names, token)) keys.push_back(token);
  std::vector<std::string_view> nums;
  while (scan::NextToken(values, token)) nums.push_back(token);
  if (keys.size() != nums.size()) {
    out.issues.Add(value_line_no, std::string(group) + ": " + std::to_string(keys.size()) +
                                      " names but " + std::to_string(nums.size()) + " values");
    return;
  }
  // Validate the whole group before adding any of it.
  std::vector<std::pair<std::string_view, uint64_t>> parsed;
  parsed.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (auto v = scan::ParseUnsigned<uint64_t>(nums[i], 10)) {
      parsed.emplace_back(keys[i], *v);
    } else if (auto neg = scan::ParseSigned(nums[i]); neg && *neg < 0) {
      continue;  // a setting such as MaxConn -1, not a counter
    } else {
      out.issues.Add(value_line_no,
                     std::string(group) + "." + std::string(keys[i]) + ": not a number");
      return;
    }
  }
  std::string key;
  std::vector<model::CounterValues::Entry> named;
  named.reserve(parsed.size());
  for (const auto& [name, value] : parsed) {
    key.assign(group);
    key += '.';
    key += name;
    named.emplace_back(model::InternCounterName(key), value);
  }
  out.counters.values.SetAll(named);
}

}  // namespace

ParsedCounters ParseSnmpStyle(std::string_view text) {
  ParsedCounters out;
  scan::LineReader lines(text);
  std::string_view line;
  std::string_view pending_group, pending_names;
  size_t pending_line = 0;
  bool pending = false;
  while (lines.Next(line)) {
    if (scan::Trim(line).empty()) continue;
    std::string_view group, fields;
    if (!SplitGroup(line, group, fields)) {
      out.issues.Add(lines.line_no(), "not a \"Group: ...\" line");
      continue;
    }
    if (pending && group == pending_group) {
      AddGroup(group, pending_names, fields, lines.line_no(), out);
      pending = false;
      continue;
    }
    if (pending) out.issues.Add(pending_line, std::string(pending_group) + ": no value line");
    pending = true;
    pending_group = group;
    pending_names = fields;
    pending_line = lines.line_no();
  }
  if (pending) out.issues.Add(pending_line, std::string(pending_group) + ": no value line");
  return out;
}

ParsedCounters ParseSnmp6(std::string_view text) {
  static constexpr std::string_view kUdp6 = "Udp6";
  ParsedCounters out;
  scan::LineReader lines(text);
  std::string_view line;
  std::string key;
  while (lines.Next(line)) {
    std::string_view rest = line, name, value, extra;
    if (!scan::NextToken(rest, name)) continue;  // blank line
    if (!scan::NextToken(rest, value) || scan::NextToken(rest, extra)) {
      out.issues.Add(lines.line_no(), "not a \"name value\" line");
      continue;
    }
    auto v = scan::ParseUnsigned<uint64_t>(value, 10);
    if (!v) {
      out.issues.Add(lines.line_no(), "value is not a number");
      continue;
    }
    if (name.size() <= kUdp6.size() || name.substr(0, kUdp6.size()) != kUdp6) continue;
    key.assign(kUdp6);
    key += '.';
    key += name.substr(kUdp6.size());
    out.counters.values[key] = *v;
  }
  return out;
}

}  // namespace sockscope::procfs
