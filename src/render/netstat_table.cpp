#include "render/netstat_table.h"

#include <fmt/format.h>

#include "base/escape.h"

namespace sockscope::render {
namespace {

// netstat's widths: proto 4 (then two spaces), queues 6, addresses 23
// (longer ones widen the row), state 11, program 20.
constexpr size_t kAddressWidth = 23;

std::string Address(const model::Endpoint& e) {
  std::string out;
  e.addr.AppendTo(out);  // netstat -n: ":::22", "::1:631", no brackets
  out += ':';
  if (e.port == 0)
    out += '*';
  else
    out += std::to_string(e.port);
  return out;
}

void AppendPadded(std::string& out, std::string_view text, size_t width) {
  out += text;
  if (text.size() < width) out.append(width - text.size(), ' ');
}

}  // namespace

std::string_view NetstatStateName(const model::Socket& s) {
  using model::State;
  if (s.proto != model::Proto::kTcp && s.state == State::kClose) return "";
  switch (s.state) {
    case State::kEstablished:
      return "ESTABLISHED";
    case State::kSynSent:
      return "SYN_SENT";
    case State::kSynRecv:
    case State::kNewSynRecv:
      return "SYN_RECV";
    case State::kFinWait1:
      return "FIN_WAIT1";
    case State::kFinWait2:
      return "FIN_WAIT2";
    case State::kTimeWait:
      return "TIME_WAIT";
    case State::kClose:
      return "CLOSE";
    case State::kCloseWait:
      return "CLOSE_WAIT";
    case State::kLastAck:
      return "LAST_ACK";
    case State::kListen:
      return "LISTEN";
    case State::kClosing:
      return "CLOSING";
    default:
      return "UNKNOWN";
  }
}

void RenderNetstatTable(const model::Snapshot& snap, std::span<const size_t> shown,
                        const NetstatView& view, std::string& out) {
  if (view.header) {
    fmt::format_to(std::back_inserter(out), "Active Internet connections ({})\n", view.scope);
    out += "Proto Recv-Q Send-Q ";
    AppendPadded(out, "Local Address", kAddressWidth);
    out += ' ';
    AppendPadded(out, "Foreign Address", kAddressWidth);
    out += ' ';
    AppendPadded(out, "State", 11);
    if (view.processes) {
      out += ' ';
      AppendPadded(out, "PID/Program name", 20);
    }
    out += '\n';
  }
  for (size_t i : shown) {
    const model::Socket& s = snap.sockets[i];
    if (s.proto == model::Proto::kUnix) continue;  // netstat's UNIX table is not this one
    std::string proto(model::ProtoName(s.proto));
    if (s.family == model::Family::kInet6) proto += '6';
    const uint32_t send_q = s.IsListener() ? 0 : s.send_q;  // /proc's tx_queue: 0
    fmt::format_to(std::back_inserter(out), "{:<4}  {:>6} {:>6} ", proto, s.recv_q, send_q);
    AppendPadded(out, Address(s.local), kAddressWidth);
    out += ' ';
    AppendPadded(out, Address(s.peer), kAddressWidth);
    out += ' ';
    // netstat prints a raw socket's state as the kernel's number ("7").
    AppendPadded(out,
                 s.proto == model::Proto::kRaw ? std::to_string(static_cast<int>(s.state))
                                               : std::string(NetstatStateName(s)),
                 11);
    if (view.processes) {
      out += ' ';
      const auto owners = s.inode ? snap.owners.Find(s.inode) : std::span<const model::Owner>{};
      std::string program = "-";
      if (!owners.empty()) {
        const model::Owner* first = &owners.front();
        for (const auto& o : owners)
          if (o.pid < first->pid) first = &o;
        program = std::to_string(first->pid) + '/';
        base::AppendEscapedForTerminal(program, first->comm);
      }
      AppendPadded(out, program, 20);
    }
    out += '\n';
  }
}

}  // namespace sockscope::render
