// The ss-style filter of `sockscope ls`: leading state clauses
// (`state established`, `exclude listening`) and a boolean expression over
// ports and addresses (`sport = :443 or dst 10.0.0.0/8`). docs/filters.md has
// the grammar.
//
// ParseFilter() turns the trailing command-line words into a Filter value;
// Matches() tests a socket against it. Both are pure functions: no I/O, no
// name resolution, thread-safe. A Filter is a plain value (copyable, owns its
// tree) and may be shared read-only between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "filter/state_sets.h"
#include "model/socket.h"

namespace sockscope::filter {

// Which endpoint of a socket a term looks at: src/sport the local one,
// dst/dport the peer.
enum class Side : uint8_t { kLocal, kPeer };

enum class PortOp : uint8_t { kEq, kNe, kGt, kLt, kGe, kLe };

// The operand of src/dst: an address prefix and a port, each possibly "any",
// or a UNIX path glob.
struct HostSpec {
  bool any_addr = true;                  // `*` or no address given
  model::IpAddr addr;                    // when !any_addr; an IPv4-mapped prefix is stored as IPv4
  int prefix_len = 0;                    // bits of addr that must match
  std::optional<uint16_t> port;          // nullopt: any port
  std::optional<std::string> unix_glob;  // `unix:PATTERN`: matches UNIX socket paths
};

// One node of the expression tree. Trees are at most kMaxNesting levels of
// parentheses and negations deep; `and`/`or` chains are flattened into one
// node with many children, so evaluation depth never grows with their length.
struct Expr {
  // kDevice: the socket is bound to that interface (SO_BINDTODEVICE, a
  // link-local address); kCgroup: it belongs to that cgroup v2.
  enum class Kind : uint8_t { kAnd, kOr, kNot, kPort, kHost, kDevice, kCgroup };
  Kind kind = Kind::kAnd;
  std::vector<Expr> children;  // kAnd, kOr: two or more; kNot: exactly one
  Side side = Side::kLocal;    // kPort, kHost
  PortOp op = PortOp::kEq;     // kPort
  uint16_t port = 0;           // kPort
  HostSpec host;               // kHost
  uint64_t id = 0;             // kDevice: interface index; kCgroup: cgroup id
  std::string name;            // kDevice, kCgroup: as the user wrote it
};

// Limit on nested parentheses plus negations; deeper input is a usage error.
constexpr int kMaxNesting = 64;

struct Filter {
  // The states the user asked for; meaningful only when has_state_clause.
  model::StateMask states = model::kAllStates;
  bool has_state_clause = false;
  // nullopt: no expression given, every socket in `states` matches.
  std::optional<Expr> expr;
};

// Parses the words after `ls` as the shell split them. Tokens may span words
// and one word may hold a whole expression: {"sport", "=", ":22"} and
// {"sport = :22"} are the same filter. No words (or only blanks) give a Filter
// that matches everything.
// Errors: ErrorKind::kUsage, message "filter: ..." naming the offending token
// and its 1-based word number, then the joined expression with a caret line
// under the token (lines indented by two spaces).
// `services` names ports beyond the built-in few (`sport = :mdns`): the
// caller reads /etc/services (render::ServiceNames); null: built-in only.
using ServiceLookup = std::function<std::optional<uint16_t>(std::string_view name)>;
base::Result<Filter> ParseFilter(const std::vector<std::string>& words,
                                 const ServiceLookup& services = nullptr);

// What names in a filter stand for, looked up by the caller (the filter
// itself does no I/O). Null members: those names are refused.
struct FilterLookups {
  ServiceLookup services;
  // `dev NAME`: the interface's index (a number is an index as it stands).
  std::function<std::optional<uint32_t>(std::string_view name)> interfaces;
  // `cgroup PATH`: the cgroup v2 id of the path (relative to the mount).
  std::function<std::optional<uint64_t>(std::string_view path)> cgroups;
};
base::Result<Filter> ParseFilter(const std::vector<std::string>& words,
                                 const FilterLookups& lookups);

// True when the socket passes the filter's state clause (if any) and its
// expression (if any). kNewSynRecv counts as SYN-RECV. Address and port terms
// never match UNIX sockets; `src unix:GLOB` matches only UNIX sockets.
bool Matches(const Filter& filter, const model::Socket& socket);

// The states to ask the kernel for: the user's state clause when one was
// given, else `default_mask` (e.g. kSsDefaultStates); normalized for SYN-RECV.
model::StateMask KernelStateMask(const Filter& filter, model::StateMask default_mask);

// A canonical, fully parenthesised rendering of the tree, e.g.
// "(sport = :22 or not dst 10.0.0.0/8)", for debug output and tests.
std::string DescribeExpr(const Expr& expr);

}  // namespace sockscope::filter
