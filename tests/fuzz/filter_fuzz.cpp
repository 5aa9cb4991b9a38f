// Fuzzes the filter parser and evaluator: the input is split on spaces into
// command-line words, parsed, and evaluated against a few sockets. A parsed
// expression must describe itself in text that parses to the same tree and
// the same verdicts (unless that text nests deeper than the parser allows),
// and its kernel program (filter/kernel_program.h) must pass the model of the
// kernel's audit and admit every TCP/UDP socket the evaluator admits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "filter/filter.h"
#include "filter/kernel_program.h"
#include "unit/netlink/bytecode_model.h"

namespace {

using sockscope::filter::DescribeExpr;
using sockscope::filter::Filter;
using sockscope::filter::Matches;
using sockscope::filter::ParseFilter;
using sockscope::model::Socket;

std::vector<Socket> MakeSockets() {
  std::vector<Socket> out;
  Socket v4;
  v4.state = sockscope::model::State::kEstablished;
  v4.local.addr = *sockscope::model::ParseIpAddr("10.1.2.3");
  v4.local.port = 22;
  v4.peer.addr = *sockscope::model::ParseIpAddr("192.168.0.9");
  v4.peer.port = 51000;
  out.push_back(v4);
  Socket v6 = v4;
  v6.family = sockscope::model::Family::kInet6;
  v6.state = sockscope::model::State::kNewSynRecv;
  v6.local.addr = *sockscope::model::ParseIpAddr("::ffff:127.0.0.1");
  v6.peer.addr = *sockscope::model::ParseIpAddr("2001:db8::1");
  out.push_back(v6);
  Socket unix_socket;
  unix_socket.proto = sockscope::model::Proto::kUnix;
  unix_socket.family = sockscope::model::Family::kUnix;
  unix_socket.state = sockscope::model::State::kListen;
  unix_socket.unix_path = "/run/app/api.sock";
  out.push_back(unix_socket);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<Socket> sockets = MakeSockets();
  std::vector<std::string> words(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == ' ') {
      words.emplace_back();
    } else {
      words.back() += static_cast<char>(data[i]);
    }
  }
  auto filter = ParseFilter(words);
  if (!filter) {
    if (filter.error().message.rfind("filter: ", 0) != 0) std::abort();
    return 0;
  }
  std::vector<bool> verdicts;
  for (const Socket& s : sockets) verdicts.push_back(Matches(*filter, s));
  if (!filter->expr) return 0;
  if (auto program = sockscope::filter::CompileKernelProgram(*filter->expr)) {
    if (!sockscope::testing::BytecodeAudit(program->code)) std::abort();
    // The program is the expression's; states go to the kernel separately.
    Filter expression_only;
    expression_only.expr = filter->expr;
    for (const Socket& s : sockets) {
      if (s.proto == sockscope::model::Proto::kUnix) continue;
      const bool admitted = sockscope::testing::BytecodeRun(program->code, s);
      const bool matches = Matches(expression_only, s);
      if (matches && !admitted) std::abort();
      if (program->exact && admitted != matches) std::abort();
    }
  }

  std::string text = DescribeExpr(*filter->expr);
  auto again = ParseFilter({text});
  if (!again) {
    if (again.error().message.find("nesting deeper") == std::string::npos) std::abort();
    return 0;
  }
  if (!again->expr || DescribeExpr(*again->expr) != text) std::abort();
  Filter same_states = *again;
  same_states.states = filter->states;
  same_states.has_state_clause = filter->has_state_clause;
  for (size_t i = 0; i < sockets.size(); ++i) {
    if (Matches(same_states, sockets[i]) != verdicts[i]) std::abort();
  }
  return 0;
}
