#include "render/address.h"

#include <arpa/inet.h>

#include <fmt/format.h>

#include "base/escape.h"

namespace sockscope::render {

void AppendEndpoint(std::string& out, const model::Endpoint& e) {
  char buf[INET6_ADDRSTRLEN] = {};
  bool v6 = e.addr.family == model::Family::kInet6;
  inet_ntop(v6 ? AF_INET6 : AF_INET, e.addr.bytes.data(), buf, sizeof buf);
  if (v6) {
    out += '[';
    out += buf;
    out += ']';
  } else {
    out += buf;
  }
  out += ':';
  if (e.port == 0) {
    out += '*';
  } else {
    fmt::format_to(std::back_inserter(out), "{}", e.port);
  }
}

void AppendLocalColumn(std::string& out, const model::Socket& s) {
  if (s.proto == model::Proto::kUnix) {
    if (s.unix_path.empty())
      out += '*';
    else
      base::AppendEscapedForTerminal(out, s.unix_path);
    fmt::format_to(std::back_inserter(out), " {}", s.inode);
    return;
  }
  AppendEndpoint(out, s.local);
}

void AppendPeerColumn(std::string& out, const model::Socket& s) {
  if (s.proto == model::Proto::kUnix) {
    fmt::format_to(std::back_inserter(out), "* {}", s.unix_peer_inode);
    return;
  }
  AppendEndpoint(out, s.peer);
}

std::string_view TableStateName(const model::Socket& s) {
  if (s.proto != model::Proto::kTcp && s.state == model::State::kClose) return "UNCONN";
  return model::StateName(s.state);
}

}  // namespace sockscope::render
