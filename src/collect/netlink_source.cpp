#include "collect/netlink_source.h"

#include <linux/sock_diag.h>

#include <fmt/format.h>

#include <optional>

#include "filter/region_program.h"
#include "netlink/inet_diag.h"
#include "netlink/netlink_diag.h"
#include "netlink/packet_diag.h"
#include "netlink/unix_diag.h"

namespace sockscope::collect {
namespace {

using model::Family;
using model::Proto;

struct DumpPlan {
  netlink::DumpRequest request;
  Proto proto;
  std::string what;
};

// The decoder of one reply of a dump of this protocol's table.
base::Result<void> Decode(Proto proto, std::span<const uint8_t> payload, model::Socket& out) {
  switch (proto) {
    case Proto::kUnix:
      return netlink::DecodeUnixDiag(payload, out);
    case Proto::kNetlink:
      return netlink::DecodeNetlinkDiag(payload, out);
    case Proto::kPacket:
      return netlink::DecodePacketDiag(payload, out);
    case Proto::kTcp:
    case Proto::kUdp:
    case Proto::kRaw:
    case Proto::kMptcp:
      break;
  }
  return netlink::DecodeInetDiag(payload, proto, out);
}

void RunOne(sys::NetlinkOpener& opener, DumpPlan& plan, const NetlinkSourceOptions& options,
            const base::Deadline& deadline, uint64_t netns, SourceResult& result) {
  std::vector<model::Socket>& sockets = options.append_to ? *options.append_to : result.sockets;
  const size_t first = sockets.size();
  plan.request.what = plan.what.c_str();
  model::Socket streamed;
  auto on_message = [&](const nlmsghdr&, std::span<const uint8_t> payload) -> base::Result<void> {
    // Decoded in place: a socket decoded aside and then moved in is written
    // twice, and the second write waits on the vector's cold pages.
    model::Socket& decoded = options.stream ? streamed : sockets.emplace_back();
    auto ok = Decode(plan.proto, payload, decoded);
    if (!ok) {
      if (!options.stream) sockets.pop_back();
      return ok.error();
    }
    decoded.netns = netns;
    if (decoded.mem && plan.proto == Proto::kTcp && !options.tcp_connection_memory &&
        !decoded.IsListener())
      decoded.mem.reset();
    if (options.stream) (*options.stream)(decoded);
    return {};
  };
  auto restart = [&] { sockets.resize(first); };  // streamed: repeats are dropped later
  auto stats =
      netlink::RunDump(opener, plan.request, deadline, options.limits, on_message, restart);
  if (stats) {
    ++result.dumps_ok;
    if (stats->interrupted > 0)
      result.notes.push_back({model::NoteLevel::kInfo, "netlink",
                              fmt::format("{}: retried {} time(s) after NLM_F_DUMP_INTR", plan.what,
                                          stats->interrupted)});
    return;
  }
  sockets.resize(first);  // never keep a partial dump
  const auto& error = stats.error();
  if (error.kind == base::ErrorKind::kUnsupported) {
    ++result.dumps_unsupported;
    result.notes.push_back({model::NoteLevel::kWarning, "netlink", error.message});
    return;
  }
  if (error.kind == base::ErrorKind::kPermission) result.permission_denied = true;
  ++result.dumps_failed;
  result.notes.push_back({model::NoteLevel::kError, "netlink", error.message});
}

}  // namespace

SourceResult CollectFromNetlink(sys::NetlinkOpener& opener, const NetlinkSourceOptions& options,
                                const base::Deadline& deadline, uint64_t netns) {
  std::vector<DumpPlan> plans;
  int skipped_ok = 0;
  // family: nullopt for both in one dump (TCP only).
  auto add_inet = [&](Proto proto, std::optional<Family> family, model::StateMask states,
                      bool memory) {
    netlink::InetDiagQuery q;
    q.proto = proto;
    q.family = family.value_or(Family::kInet);
    q.both_families = !family;
    q.states = states;
    q.want_info = proto == Proto::kTcp && options.tcp_info;
    q.want_memory = memory;
    q.want_congestion = proto == Proto::kTcp && options.congestion;
    q.want_tos = options.tos;
    if (proto == Proto::kTcp && options.tcp_region) {
      // A table no term is about has nothing to give: its answer is known
      // without a dump (each dump walks every socket of the table).
      if (!options.tcp_region->Covers(netns, q.family)) {
        ++skipped_ok;
        return;
      }
      q.bytecode = filter::CompileRegion(*options.tcp_region, netns, q.family);
    } else if (options.inet_program) {
      q.bytecode = *options.inet_program;
    }
    plans.push_back(
        {{NETLINK_SOCK_DIAG, netlink::InetDiagMessageType(q), netlink::BuildInetDiagRequest(q), ""},
         proto,
         family
             ? fmt::format("sock_diag {}/{}", model::ProtoName(proto), model::FamilyName(*family))
             : fmt::format("sock_diag {}", model::ProtoName(proto))});
  };
  if (options.tcp && options.tcp_states) {
    const model::StateMask listen = model::StateBit(model::State::kListen);
    const model::StateMask states = options.tcp_states;
    if (options.tcp_one_walk && options.inet4 && options.inet6 && !options.tcp_region) {
      if (options.memory && !options.tcp_connection_memory && (states & listen) &&
          (states & ~listen)) {
        // Memory info for listeners only: the connections' dump skips the
        // kernel's sk_get_meminfo and 44 bytes a socket, and the listeners'
        // own dump walks only the listening hash.
        add_inet(Proto::kTcp, std::nullopt, states & ~listen, false);
        add_inet(Proto::kTcp, std::nullopt, listen, true);
      } else {
        add_inet(Proto::kTcp, std::nullopt, states, options.memory);
      }
    } else {
      if (options.inet4) add_inet(Proto::kTcp, Family::kInet, states, options.memory);
      if (options.inet6) add_inet(Proto::kTcp, Family::kInet6, states, options.memory);
    }
  }
  if (options.udp && options.udp_states) {
    if (options.inet4) add_inet(Proto::kUdp, Family::kInet, options.udp_states, options.memory);
    if (options.inet6) add_inet(Proto::kUdp, Family::kInet6, options.udp_states, options.memory);
  }
  if (options.raw && options.udp_states) {
    if (options.inet4) add_inet(Proto::kRaw, Family::kInet, options.udp_states, options.memory);
    if (options.inet6) add_inet(Proto::kRaw, Family::kInet6, options.udp_states, options.memory);
  }
  if (options.mptcp && options.mptcp_states) {
    if (options.inet4) add_inet(Proto::kMptcp, Family::kInet, options.mptcp_states, options.memory);
    if (options.inet6)
      add_inet(Proto::kMptcp, Family::kInet6, options.mptcp_states, options.memory);
  }
  if (options.unix_sockets && options.unix_states) {
    netlink::UnixDiagQuery q;
    q.states = options.unix_states;
    q.want_memory = options.memory;
    q.want_file = options.unix_files;
    plans.push_back({{NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY, netlink::BuildUnixDiagRequest(q), ""},
                     Proto::kUnix,
                     "sock_diag unix"});
  }
  if (options.netlink && (options.udp_states & model::StateBit(model::State::kClose))) {
    plans.push_back(
        {{NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY, netlink::BuildNetlinkDiagRequest(), ""},
         Proto::kNetlink,
         "sock_diag netlink"});
  }
  if (options.packet && (options.udp_states & model::StateBit(model::State::kClose))) {
    plans.push_back(
        {{NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY, netlink::BuildPacketDiagRequest(), ""},
         Proto::kPacket,
         "sock_diag packet"});
  }
  SourceResult result;
  result.dumps_ok = skipped_ok;
  for (auto& plan : plans) {
    RunOne(opener, plan, options, deadline, netns, result);
    // One walk is an attempt its caller makes good another way when it
    // fails: the rest of its dumps would be wasted.
    if (options.tcp_one_walk && (result.dumps_failed > 0 || result.dumps_unsupported > 0)) break;
  }
  return result;
}

}  // namespace sockscope::collect
