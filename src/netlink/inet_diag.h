// sock_diag for TCP and UDP (inet_diag): the dump request and the decoder of
// one reply (struct inet_diag_msg plus attributes) into a model::Socket.
// Pure functions over bytes; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "model/socket.h"

namespace sockscope::netlink {

struct InetDiagQuery {
  model::Proto proto = model::Proto::kTcp;  // kTcp, kUdp, kRaw or kMptcp
  model::Family family = model::Family::kInet;
  model::StateMask states = model::kAllStates;
  bool want_info = false;        // INET_DIAG_INFO: tcp_info (costly: -i)
  bool want_memory = false;      // INET_DIAG_SKMEMINFO (-m, listener drops)
  bool want_congestion = false;  // INET_DIAG_CONG and the algorithm's report (VEGASINFO bit)
  bool want_tos = false;         // INET_DIAG_TOS, _TCLASS and _CLASS_ID (ss --tos)
  // A program from filter/bytecode.h (INET_DIAG_REQ_BYTECODE);
  // empty: every socket of the states.
  std::vector<uint8_t> bytecode;
  // TCP only: IPv4 and IPv6 sockets in one dump (`family` is ignored). The
  // kernel's older request, TCPDIAG_GETSOCK with a struct inet_diag_req,
  // dumps with the family left open, so the socket hash (which both
  // families share) is walked once rather than once per family.
  bool both_families = false;
};

// The body of the dump request: a struct inet_diag_req_v2 for
// SOCK_DIAG_BY_FAMILY, or with both_families a struct inet_diag_req for
// TCPDIAG_GETSOCK; InetDiagMessageType says which.
std::vector<uint8_t> BuildInetDiagRequest(const InetDiagQuery& query);
uint16_t InetDiagMessageType(const InetDiagQuery& query);

// The IP protocol number of a sock_diag inet table (IPPROTO_TCP, ..._UDP,
// ..._RAW, ..._MPTCP); also what SOCK_DESTROY asks for.
uint32_t IpProtocol(model::Proto proto);

// Decodes one SOCK_DIAG_BY_FAMILY reply payload. `out` is overwritten.
// kMalformed when the payload is shorter than inet_diag_msg, the family is
// not the one asked, or an attribute is malformed.
base::Result<void> DecodeInetDiag(std::span<const uint8_t> payload, model::Proto proto,
                                  model::Socket& out);

}  // namespace sockscope::netlink
