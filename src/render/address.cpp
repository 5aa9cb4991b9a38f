#include "render/address.h"

#include <fmt/format.h>

#include "base/escape.h"
#include "render/service_names.h"

namespace sockscope::render {

void AppendEndpoint(std::string& out, const model::Endpoint& e, const ServiceNames* services,
                    model::Proto proto) {
  bool v6 = e.addr.family == model::Family::kInet6;
  if (v6) out += '[';
  e.addr.AppendTo(out);
  if (v6) out += ']';
  out += ':';
  std::string_view name = services ? services->Find(proto, e.port) : std::string_view();
  if (e.port == 0) {
    out += '*';
  } else if (!name.empty()) {
    base::AppendEscapedForTerminal(out, name);
  } else {
    char digits[8];
    auto end = fmt::format_to(digits, "{}", e.port);
    out.append(digits, end);
  }
}

void AppendLocalColumn(std::string& out, const model::Socket& s, const ServiceNames* services) {
  if (s.proto == model::Proto::kUnix) {
    if (s.unix_path.empty())
      out += '*';
    else
      base::AppendEscapedForTerminal(out, s.unix_path);
    fmt::format_to(std::back_inserter(out), " {}", s.inode);
    return;
  }
  AppendEndpoint(out, s.local, services, s.proto);
}

void AppendPeerColumn(std::string& out, const model::Socket& s, const ServiceNames* services) {
  if (s.proto == model::Proto::kUnix) {
    fmt::format_to(std::back_inserter(out), "* {}", s.unix_peer_inode);
    return;
  }
  AppendEndpoint(out, s.peer, services, s.proto);
}

std::string_view TableStateName(const model::Socket& s) {
  if (s.proto != model::Proto::kTcp && s.state == model::State::kClose) return "UNCONN";
  // ss abbreviates this one state in tables (JSON keeps the kernel's name).
  if (s.state == model::State::kEstablished) return "ESTAB";
  return model::StateName(s.state);
}

}  // namespace sockscope::render
