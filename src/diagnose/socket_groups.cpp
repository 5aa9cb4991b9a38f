#include "diagnose/socket_groups.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "diagnose/rule_context.h"

namespace sockscope::diagnose {
namespace {

// A description lists at most this many pids of a program.
constexpr size_t kMaxPidsInText = 8;

}  // namespace

std::string SocketGroup::Describe() const {
  std::string what;
  switch (by) {
    case By::kProgram: {
      if (processes.size() <= 1) {
        what = ProcessText(processes);
        break;
      }
      std::vector<int32_t> pids;
      for (size_t i = 0; i < processes.size() && i < kMaxPidsInText; ++i)
        pids.push_back(processes[i].pid);
      what = fmt::format("{} ({} processes: pids {}{})", comm, processes.size(),
                         fmt::join(pids, ", "), processes.size() > kMaxPidsInText ? ", ..." : "");
      break;
    }
    case By::kLocalPort:
      what = fmt::format("local port {}", local_port);
      break;
    case By::kPeer:
      return fmt::format("connections to {}", EndpointText(peer));
  }
  return what;
}

std::vector<model::Owner> SocketGroup::ListedProcesses() const {
  std::vector<model::Owner> out(
      processes.begin(), processes.begin() + std::min(processes.size(), kMaxProcessesListed));
  return out;
}

void AddGroupEvidence(Finding& f, const SocketGroup& g) {
  f.netns = g.netns;
  f.processes = g.ListedProcesses();
  f.Add("group", g.Describe());
  if (g.processes.size() > 1) f.Add("processes_total", uint64_t{g.processes.size()});
  if (g.has_peer) f.Add("destination", EndpointText(g.peer));
}

namespace {

// Groups the sockets `each` hands to its callback. Which ports listen is
// read (a pass over every socket) only when a socket without a visible
// owner needs it.
template <typename EachSocket>
std::vector<SocketGroup> Group(const model::Snapshot& snapshot, const EachSocket& each,
                               GroupBy by) {
  std::optional<ListeningPorts> listening;
  auto server_side = [&](const model::Socket& s) {
    if (s.proto != model::Proto::kTcp) return false;
    if (!listening) listening.emplace(snapshot);
    return listening->IsServerSide(s);
  };
  // Key: (netns, kind, comm, uid or port, peer bytes, peer port) — ordered for a stable output.
  using Key = std::tuple<uint64_t, int, std::string, int64_t, std::array<uint8_t, 16>, uint16_t>;
  std::map<Key, SocketGroup> groups;
  each([&](const model::Socket& s) {
    SocketGroup g;
    g.netns = s.netns;
    Key key;
    const auto owners =
        snapshot.owners_collected ? snapshot.owners.Find(s.inode) : std::span<const model::Owner>{};
    bool split_by_peer = by == GroupBy::kProgramAndPeer;
    std::array<uint8_t, 16> peer_bytes =
        split_by_peer ? s.peer.addr.bytes : std::array<uint8_t, 16>{};
    uint16_t peer_port = split_by_peer ? s.peer.port : 0;
    if (!owners.empty()) {
      const model::Owner& first = *std::min_element(
          owners.begin(), owners.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; });
      g.by = SocketGroup::By::kProgram;
      g.comm = first.comm;
      g.uid = s.uid;
      key = Key{s.netns, 0, first.comm, s.uid, peer_bytes, peer_port};
    } else if (!split_by_peer && server_side(s)) {
      g.by = SocketGroup::By::kLocalPort;
      g.local_port = s.local.port;
      key = Key{s.netns, 1, {}, s.local.port, {}, 0};
    } else {
      g.by = SocketGroup::By::kPeer;
      key =
          Key{s.netns, 2, {}, static_cast<int>(s.peer.addr.family), s.peer.addr.bytes, s.peer.port};
    }
    if (split_by_peer || g.by == SocketGroup::By::kPeer) {
      g.has_peer = true;
      g.peer = s.peer;
    }
    auto [it, inserted] = groups.try_emplace(key, std::move(g));
    SocketGroup& group = it->second;
    group.sockets.push_back(&s);
    if (group.by == SocketGroup::By::kProgram) {
      for (const auto& o : owners) {
        if (o.comm != group.comm) continue;
        bool seen = std::any_of(group.processes.begin(), group.processes.end(),
                                [&](const auto& p) { return p.pid == o.pid; });
        if (!seen) group.processes.push_back(o);
      }
    }
  });
  std::vector<SocketGroup> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) {
    std::sort(g.processes.begin(), g.processes.end(),
              [](const auto& a, const auto& b) { return a.pid < b.pid; });
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

std::vector<SocketGroup> GroupSockets(const model::Snapshot& snapshot,
                                      const std::function<bool(const model::Socket&)>& keep,
                                      GroupBy by) {
  return Group(
      snapshot,
      [&](const auto& add) {
        for (const auto& s : snapshot.sockets)
          if (s.proto != model::Proto::kUnix && keep(s)) add(s);
      },
      by);
}

std::vector<SocketGroup> GroupOfSocket(const model::Snapshot& snapshot, const model::Socket& s) {
  return Group(
      snapshot,
      [&](const auto& add) {
        if (s.proto != model::Proto::kUnix) add(s);
      },
      GroupBy::kProgram);
}

ListeningPorts::ListeningPorts(const model::Snapshot& snapshot) {
  for (const auto& s : snapshot.sockets)
    if (s.proto == model::Proto::kTcp && s.IsListener()) ports_.push_back({s.netns, s.local.port});
  std::sort(ports_.begin(), ports_.end());
}

bool ListeningPorts::IsServerSide(const model::Socket& s) const {
  return s.proto == model::Proto::kTcp &&
         std::binary_search(ports_.begin(), ports_.end(), std::make_pair(s.netns, s.local.port));
}

}  // namespace sockscope::diagnose
