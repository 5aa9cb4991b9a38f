#include "procfs/self_stat.h"

#include <charconv>
#include <vector>

namespace sockscope::procfs {
namespace {

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// Fields after the comm: index 0 is the state (field 3 of proc(5)).
std::vector<std::string_view> FieldsAfterComm(std::string_view stat) {
  std::vector<std::string_view> out;
  size_t close = stat.rfind(')');
  if (close == std::string_view::npos) return out;
  std::string_view rest = stat.substr(close + 1);
  size_t at = 0;
  while (at < rest.size()) {
    while (at < rest.size() && (rest[at] == ' ' || rest[at] == '\n')) ++at;
    size_t end = at;
    while (end < rest.size() && rest[end] != ' ' && rest[end] != '\n') ++end;
    if (end > at) out.push_back(rest.substr(at, end - at));
    at = end;
  }
  return out;
}

// proc(5) field numbers, 1-based, as offsets into FieldsAfterComm.
constexpr size_t Field(size_t number) { return number - 3; }

}  // namespace

model::ProcessSelf ParseSelfStat(std::string_view stat, uint64_t ticks_per_second,
                                 uint64_t page_size, std::optional<uint64_t> boot_time) {
  model::ProcessSelf out;
  auto fields = FieldsAfterComm(stat);
  auto field = [&](size_t number) -> std::optional<uint64_t> {
    size_t i = Field(number);
    return i < fields.size() ? Number(fields[i]) : std::nullopt;
  };
  auto utime = field(14), stime = field(15), start = field(22), vsize = field(23), rss = field(24);
  if (utime && stime && ticks_per_second > 0)
    out.cpu_seconds = static_cast<double>(*utime + *stime) / static_cast<double>(ticks_per_second);
  if (start && boot_time && ticks_per_second > 0)
    out.start_time_seconds = static_cast<double>(*boot_time) +
                             static_cast<double>(*start) / static_cast<double>(ticks_per_second);
  if (vsize) out.virtual_bytes = *vsize;
  if (rss && page_size > 0) out.resident_bytes = *rss * page_size;
  return out;
}

std::optional<uint64_t> ParseBootTime(std::string_view proc_stat) {
  size_t at = 0;
  while (at < proc_stat.size()) {
    size_t eol = proc_stat.find('\n', at);
    std::string_view line =
        proc_stat.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
    if (line.substr(0, 6) == "btime ") return Number(line.substr(6));
    if (eol == std::string_view::npos) break;
    at = eol + 1;
  }
  return std::nullopt;
}

}  // namespace sockscope::procfs
