// Ready-made socket sets for the kernel-tier `ls` tests, and the comparison
// of `sockscope ls` with `ss` over them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "command_support.h"
#include "rows_support.h"
#include "socket_support.h"

namespace sockscope::testing {

// TCP over 127.0.0.1 and ::1 in every stable state a test can hold:
// listeners (v4 backlog 8 with connections never accepted, v6, wildcard
// `::`), established pairs, one with unread bytes, one in CLOSE-WAIT (its
// peer in FIN-WAIT-2). Built only inside a private namespace.
struct TcpScenario {
  static constexpr int kBacklog = 8;
  static constexpr uint32_t kUnaccepted = 3;
  static constexpr size_t kUnreadBytes = 1000;

  TcpScenario();

  UniqueFd listener4;
  UniqueFd listener6;
  UniqueFd listener_any;
  uint16_t port4 = 0;
  uint16_t port6 = 0;
  std::vector<UniqueFd> unaccepted_clients;
  TcpPair unread4;  // server end has kUnreadBytes in Recv-Q
  TcpPair established6;
  TcpPair close_wait6;  // server end in CLOSE-WAIT
};

// Rows of a command that must exit 0; adds a gtest failure otherwise.
std::vector<SsRow> RowsOf(const CommandResult& result, const std::string& what);

// Runs `sockscope ls <ls_args>` and `ss <ss_args>` and expects the same rows
// (normalised, as a multiset). ss_rows_expected_min guards against comparing
// two empty lists.
void ExpectLsMatchesSs(const std::vector<std::string>& ls_args,
                       const std::vector<std::string>& ss_args, size_t ss_rows_expected_min = 1);

// `sockscope <args>` parsed as one JSON document; a gtest failure (and a
// discarded value) when it does not exit 0 or does not parse.
nlohmann::json LsJson(const std::vector<std::string>& args);

// The socket objects whose local port is `port` (and, if given, state).
std::vector<nlohmann::json> SocketsWithLocalPort(const nlohmann::json& doc, uint16_t port);
std::vector<nlohmann::json> SocketsWithPeerPort(const nlohmann::json& doc, uint16_t port);

}  // namespace sockscope::testing
