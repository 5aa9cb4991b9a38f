#include "cli/ls_tables.h"

#include <array>

#include "base/error.h"
#include "base/escape.h"

namespace sockscope::cli {
namespace {

base::Error NotYet(std::string_view what, std::string_view name) {
  std::string shown;
  base::AppendEscapedForTerminal(shown, name);
  return base::MakeError(base::ErrorKind::kUsage,
                         std::string(what) + " '" + shown +
                             "': sockscope does not list these sockets (it lists tcp, udp, raw, "
                             "mptcp, netlink, packet and unix ones: docs/ls.md says why)");
}

// ss's table ids (filter_db_parse) sockscope does not list.
constexpr std::array<std::string_view, 7> kNotListed = {
    "dccp", "sctp", "vsock_stream", "vsock_dgram", "vsock", "tipc", "xdp"};

void AllInet(LsTables& t) { t.tcp = t.udp = t.raw = t.mptcp = true; }

}  // namespace

base::Result<void> AddQuery(std::string_view query, LsTables& t) {
  if (query.empty())
    return base::MakeError(base::ErrorKind::kUsage, "-A: empty query (e.g. -A tcp,udp)");
  size_t start = 0;
  while (start <= query.size()) {
    size_t comma = query.find(',', start);
    std::string_view id = query.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (id == "all") {
      AllInet(t);
      t.unix_stream = t.unix_dgram = t.unix_seqpacket = true;
      t.netlink = true;
      t.packet_raw = t.packet_dgram = true;
    } else if (id == "inet") {
      AllInet(t);
    } else if (id == "tcp") {
      t.tcp = true;
    } else if (id == "udp") {
      t.udp = true;
    } else if (id == "raw") {
      t.raw = true;
    } else if (id == "mptcp") {
      t.mptcp = true;
    } else if (id == "netlink") {
      t.netlink = true;
    } else if (id == "packet") {
      t.packet_raw = t.packet_dgram = true;
    } else if (id == "packet_raw" || id == "p_raw") {
      t.packet_raw = true;
    } else if (id == "packet_dgram" || id == "p_dgr") {
      t.packet_dgram = true;
    } else if (id == "unix") {
      t.unix_stream = t.unix_dgram = t.unix_seqpacket = true;
    } else if (id == "unix_stream") {
      t.unix_stream = true;
    } else if (id == "unix_dgram") {
      t.unix_dgram = true;
    } else if (id == "unix_seqpacket") {
      t.unix_seqpacket = true;
    } else {
      for (std::string_view known : kNotListed)
        if (id == known) return NotYet("-A", id);
      std::string shown;
      base::AppendEscapedForTerminal(shown, id);
      return base::MakeError(base::ErrorKind::kUsage,
                             "-A: unknown socket table '" + shown +
                                 "' (tcp, udp, raw, mptcp, netlink, packet, packet_raw, "
                                 "packet_dgram, unix, unix_stream, unix_dgram, "
                                 "unix_seqpacket, inet, all)");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return {};
}

base::Result<void> AddFamily(std::string_view family, LsTables& t) {
  if (family == "inet") {
    t.inet4 = true;
  } else if (family == "inet6") {
    t.inet6 = true;
  } else if (family == "unix") {
    t.unix_family = true;
  } else if (family == "netlink") {
    t.netlink_family = true;
  } else if (family == "link") {
    t.link_family = true;
  } else if (family == "vsock" || family == "tipc" || family == "xdp") {
    return NotYet("-f", family);
  } else {
    std::string shown;
    base::AppendEscapedForTerminal(shown, family);
    return base::MakeError(base::ErrorKind::kUsage,
                           "-f: unknown family '" + shown + "' (inet, inet6, unix, netlink, link)");
  }
  return {};
}

void AddDefaultTables(LsTables& t) {
  const bool inet = t.inet4 || t.inet6;
  const bool any_family = inet || t.unix_family || t.netlink_family || t.link_family;
  if (inet || !any_family) AllInet(t);
  if (t.unix_family || !any_family) t.unix_stream = t.unix_dgram = t.unix_seqpacket = true;
  if (t.netlink_family || !any_family) t.netlink = true;
  // Netlink and packet sockets are in CLOSE, which only -a and -l show
  // (or -f netlink, -f link, -0: their own default).
  if (t.link_family || !any_family) t.packet_raw = t.packet_dgram = true;
}

}  // namespace sockscope::cli
