#include "procfs/netns_data.h"

#include "model/counter_keys.h"

#include "procfs/limits.h"
#include "procfs/snmp_parser.h"
#include "procfs/sockstat_parser.h"
#include "procfs/text_scan.h"

namespace sockscope::procfs {
namespace {

model::Note MakeNote(model::NoteLevel level, std::string message) {
  return model::Note{level, "counters", std::move(message)};
}

void NoteIssues(const ParseIssues& issues, std::string_view file, std::vector<model::Note>& notes) {
  if (issues.empty()) return;
  notes.push_back(MakeNote(model::NoteLevel::kWarning,
                           std::to_string(issues.skipped) + " unparsed entries in " +
                               std::string(file) + ", first: " + issues.first));
}

}  // namespace

std::optional<uint64_t> ParseNetnsLink(std::string_view link) {
  constexpr std::string_view kPrefix = "net:[";
  if (link.size() <= kPrefix.size() + 1 || link.substr(0, kPrefix.size()) != kPrefix ||
      link.back() != ']') {
    return std::nullopt;
  }
  return scan::ParseUnsigned<uint64_t>(
      link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1), 10);
}

base::Result<uint64_t> ReadNetnsInode(ProcFs& proc, std::optional<int32_t> pid) {
  auto link = proc.ReadNetnsLink(pid);
  if (!link) return link.error();
  auto inode = ParseNetnsLink(*link);
  if (!inode) {
    return base::MakeError(base::ErrorKind::kMalformed,
                           "network namespace link: unexpected target \"" + *link + "\"");
  }
  return *inode;
}

NetnsRead ReadNetnsData(ProcFs& proc, std::optional<int32_t> pid, bool named_counters_only) {
  NetnsRead out;
  auto& d = out.data;
  if (auto inode = ReadNetnsInode(proc, pid)) {
    d.inode = *inode;
  } else {
    out.notes.push_back(MakeNote(model::NoteLevel::kWarning, inode.error().message));
  }
  auto keep = [named_counters_only](const model::CounterValues& all) {
    if (!named_counters_only) return all;
    model::CounterValues named;
    for (std::string_view key : model::counter::kNamed)
      if (auto value = all.Find(key)) named[key] = *value;
    return named;
  };

  for (const char* file : {"netstat", "snmp"}) {
    auto text = proc.ReadNetFile(file, pid);
    if (!text) {
      out.notes.push_back(MakeNote(model::NoteLevel::kWarning,
                                   "/proc/net/" + std::string(file) + ": " + text.error().message));
      continue;
    }
    auto parsed = ParseSnmpStyle(*text);
    NoteIssues(parsed.issues, std::string("/proc/net/") + file, out.notes);
    if (!parsed.counters.values.empty()) d.counters_ok = true;
    d.counters.values.merge(keep(parsed.counters.values));
  }

  // IPv6 counters (Udp6.*); absent when IPv6 is disabled, which is no loss.
  if (auto text = proc.ReadNetFile("snmp6", pid)) {
    auto parsed = ParseSnmp6(*text);
    NoteIssues(parsed.issues, "/proc/net/snmp6", out.notes);
    d.counters.values.merge(keep(parsed.counters.values));
  } else if (text.error().kind != base::ErrorKind::kNotFound) {
    out.notes.push_back(
        MakeNote(model::NoteLevel::kWarning, "/proc/net/snmp6: " + text.error().message));
  }

  if (auto text = proc.ReadNetFile("sockstat", pid)) {
    auto parsed = ParseSockStat(*text);
    NoteIssues(parsed.issues, "/proc/net/sockstat", out.notes);
    d.sockstat = parsed.sockstat;
  } else {
    out.notes.push_back(
        MakeNote(model::NoteLevel::kWarning, "/proc/net/sockstat: " + text.error().message));
  }
  // IPv6 socket counts (ls -s); absent when IPv6 is disabled.
  if (auto text = proc.ReadNetFile("sockstat6", pid)) {
    auto parsed = ParseSockStat(*text);
    NoteIssues(parsed.issues, "/proc/net/sockstat6", out.notes);
    MergeSockStat(parsed.sockstat, d.sockstat);
  } else if (text.error().kind != base::ErrorKind::kNotFound) {
    out.notes.push_back(
        MakeNote(model::NoteLevel::kWarning, "/proc/net/sockstat6: " + text.error().message));
  }

  if (pid) {
    out.notes.push_back(MakeNote(model::NoteLevel::kInfo,
                                 "limits of another namespace are read only from inside it"));
  } else {
    auto limits = ReadLimits(proc);
    d.limits = limits.limits;
    for (auto& p : limits.problems) {
      out.notes.push_back(MakeNote(model::NoteLevel::kInfo, "sysctl " + p));
    }
  }
  return out;
}

}  // namespace sockscope::procfs
