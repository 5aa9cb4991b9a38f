#include "diagnose/rule_context.h"
#include "model/counter_keys.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace sockscope::diagnose {

const model::NetnsData* RuleContext::Previous(const model::NetnsData& ns) const {
  if (!previous) return nullptr;
  const model::NetnsData* p = previous->FindNetns(ns.inode);
  return p && p->counters_ok ? p : nullptr;
}

std::optional<uint64_t> RuleContext::Delta(const model::NetnsData& ns, std::string_view key) const {
  const model::NetnsData* p = Previous(ns);
  if (!p || !ns.counters_ok) return std::nullopt;
  return ns.counters.DeltaSince(p->counters, key);
}

double RuleContext::Rate(uint64_t delta) const {
  double s = Seconds();
  return s > 0 ? static_cast<double>(delta) / s : 0.0;
}

bool RuleContext::OverflowsGrowing(const model::NetnsData& ns) const {
  return Delta(ns, model::counter::kTcpExtListenOverflows).value_or(0) > 0 ||
         Delta(ns, model::counter::kTcpExtListenDrops).value_or(0) > 0;
}

bool RuleContext::AcceptQueueOverflowed(const model::NetnsData& ns) const {
  return Delta(ns, model::counter::kTcpExtListenOverflows).value_or(0) > 0;
}

std::string EndpointText(const model::Endpoint& e) {
  if (e.addr.family == model::Family::kInet6)
    return fmt::format("[{}]:{}", e.addr.ToString(), e.port);
  return fmt::format("{}:{}", e.addr.ToString(), e.port);
}

std::vector<model::Owner> DistinctProcesses(const std::vector<model::Owner>& owners) {
  std::vector<model::Owner> out;
  for (const auto& o : owners) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const auto& x) { return x.pid == o.pid; });
    if (!seen) out.push_back(o);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; });
  return out;
}

std::string ProcessText(const std::vector<model::Owner>& owners) {
  auto procs = DistinctProcesses(owners);
  // Group pids by name, names in order of their lowest pid.
  std::vector<std::pair<std::string, std::vector<int32_t>>> names;
  for (const auto& o : procs) {
    auto it =
        std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == o.comm; });
    if (it == names.end()) {
      names.push_back({o.comm, {o.pid}});
    } else {
      it->second.push_back(o.pid);
    }
  }
  std::string out;
  constexpr size_t kMaxNames = 3;
  for (size_t i = 0; i < names.size() && i < kMaxNames; ++i) {
    if (i > 0) out += ", ";
    const auto& [comm, pids] = names[i];
    out +=
        fmt::format("{} ({} {})", comm, pids.size() == 1 ? "pid" : "pids", fmt::join(pids, ", "));
  }
  if (names.size() > kMaxNames) out += fmt::format(" and {} more", names.size() - kMaxNames);
  return out;
}

std::string ListenerOwnerText(const model::Listener& l, const model::Snapshot& snapshot) {
  if (!l.owners.empty()) return ProcessText(l.owners);
  // Be honest about what the owner walk could see (docs/findings.md).
  if (!snapshot.owners_collected) return "the owning process (not collected; use -p)";
  if (!l.owners_known) return "the owning process (hidden: its fds could not be read)";
  // Complete walk, no holder: an in-kernel server (nfsd), or a process in
  // another PID namespace sharing this network namespace (containers).
  return "no visible process (in-kernel, or outside this PID namespace)";
}

Finding ListenerFinding(std::string id, Severity severity, const model::Listener& l) {
  Finding f;
  f.id = std::move(id);
  f.severity = severity;
  f.netns = l.netns;
  f.listener = l;
  f.processes = DistinctProcesses(l.owners);
  return f;
}

void AddQueueEvidence(Finding& f, const model::Listener& l) {
  f.Add("local", EndpointText(l.local));
  f.Add("accept_queue_len", uint64_t{l.accept_queue_len});
  if (l.accept_queue_max_known) {
    f.Add("accept_queue_max", uint64_t{l.accept_queue_max});
  } else {
    f.Add("accept_queue_max_known", false);
  }
  f.Add("syn_recv", uint64_t{l.syn_recv});
  f.Add("unaccepted", uint64_t{l.unaccepted});
  if (l.reuseport_group > 1) f.Add("reuseport_group", uint64_t{l.reuseport_group});
}

}  // namespace sockscope::diagnose
