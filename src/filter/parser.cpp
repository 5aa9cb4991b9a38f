// Recursive-descent parser for the filter grammar (docs/filters.md):
//
//   filter  := { ("state" | "exclude") STATE } [ or ]
//   or      := and { ("or" | "||") and }
//   and     := unary { [ "and" | "&&" ] unary }      adjacent terms mean "and", as in ss
//   unary   := ("not" | "!") unary | primary
//   primary := "(" or ")" | term
//   term    := ("sport" | "dport") [ OP ] PORT | ("src" | "dst") [ "=" | "!=" ] HOST
//            | "dev" [ "=" | "!=" ] DEVICE | "cgroup" [ "=" | "!=" ] PATH
//
// so `not` binds tighter than `and`, and `and` tighter than `or`.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "filter/diagnostic.h"
#include "filter/filter.h"
#include "filter/lexer.h"
#include "filter/operand.h"

namespace sockscope::filter {
namespace {

constexpr std::string_view kExpectTerm =
    "expected a term: sport, dport, src, dst, dev, cgroup, not or (";
constexpr std::string_view kExpectPort = "expected a port like :443";
constexpr std::string_view kExpectHost = "expected an address like 10.0.0.0/8, [::1]:22 or *:443";
constexpr std::string_view kExpectState =
    "expected a state (established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, "
    "closed, close-wait, last-ack, listening, closing) or a set (all, connected, synchronized, "
    "bucket, big)";

// Keywords are matched case-insensitively.
bool IsKeyword(const Token& token, std::string_view keyword) {
  return token.kind == TokenKind::kWord && token.text.size() == keyword.size() &&
         std::equal(keyword.begin(), keyword.end(), token.text.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

bool IsAnd(const Token& t) { return t.kind == TokenKind::kAndAnd || IsKeyword(t, "and"); }
bool IsOr(const Token& t) { return t.kind == TokenKind::kOrOr || IsKeyword(t, "or"); }
bool IsNot(const Token& t) { return t.kind == TokenKind::kBang || IsKeyword(t, "not"); }
bool IsStateKeyword(const Token& t) {
  return IsKeyword(t, "state") || IsKeyword(t, "exclude") || IsKeyword(t, "excl");
}

bool StartsTerm(const Token& t) {
  return t.kind == TokenKind::kLParen || IsNot(t) || IsKeyword(t, "sport") ||
         IsKeyword(t, "dport") || IsKeyword(t, "src") || IsKeyword(t, "dst") ||
         IsKeyword(t, "dev") || IsKeyword(t, "cgroup");
}

// ss filter keywords that sockscope does not implement; named in the error
// so the user knows the word was understood, not mistyped.
bool IsUnsupportedSsKeyword(const Token& t) {
  for (std::string_view k : {"fwmark", "autobound", "inode", "sk"}) {
    if (IsKeyword(t, k)) return true;
  }
  return false;
}

// Comparison operators as symbols or words; true and sets `op` when `t` is one.
bool ParseOp(const Token& t, PortOp& op) {
  static constexpr std::pair<std::string_view, PortOp> kOps[] = {
      {"=", PortOp::kEq},  {"==", PortOp::kEq}, {"eq", PortOp::kEq}, {"!=", PortOp::kNe},
      {"ne", PortOp::kNe}, {">", PortOp::kGt},  {"gt", PortOp::kGt}, {"<", PortOp::kLt},
      {"lt", PortOp::kLt}, {">=", PortOp::kGe}, {"ge", PortOp::kGe}, {"<=", PortOp::kLe},
      {"le", PortOp::kLe},
  };
  if (t.kind != TokenKind::kCompare && t.kind != TokenKind::kWord) return false;
  for (const auto& [text, value] : kOps) {
    bool symbol =
        text.front() == '=' || text.front() == '!' || text.front() == '<' || text.front() == '>';
    if (symbol ? (t.kind == TokenKind::kCompare && t.text == text) : IsKeyword(t, text)) {
      op = value;
      return true;
    }
  }
  return false;
}

class Parser {
 public:
  Parser(const Lexed& lexed, const FilterLookups& lookups)
      : lexed_(lexed), tokens_(lexed.tokens), lookups_(lookups) {}

  base::Result<Filter> Run() {
    Filter filter;
    if (auto ok = ParseStateClauses(filter); !ok) return ok.error();
    if (AtEnd()) return filter;
    auto expr = ParseOr();
    if (!expr) return expr.error();
    if (!AtEnd()) return Leftover(Peek());
    filter.expr = std::move(*expr);
    return filter;
  }

 private:
  bool AtEnd() const { return pos_ >= tokens_.size(); }
  const Token& Peek() const { return tokens_[pos_]; }

  // ss semantics: the first `state` starts from no states, the first
  // `exclude` from all of them; later clauses add or remove in order.
  base::Result<void> ParseStateClauses(Filter& filter) {
    while (!AtEnd() && IsStateKeyword(Peek())) {
      const Token& keyword = Peek();
      ++pos_;
      if (AtEnd()) return UnexpectedEnd(lexed_, keyword, kExpectState);
      const Token& name = Peek();
      auto mask = name.kind == TokenKind::kWord ? ParseStateSet(name.text) : std::nullopt;
      if (!mask) return BadToken(lexed_, name, "state", kExpectState);
      ++pos_;
      if (IsKeyword(keyword, "state")) {
        if (!filter.has_state_clause) filter.states = 0;
        filter.states |= *mask;
      } else {
        if (!filter.has_state_clause) filter.states = model::kAllStates;
        filter.states &= ~*mask;
      }
      filter.has_state_clause = true;
    }
    filter.states = NormalizeStateMask(filter.states);
    return {};
  }

  base::Result<Expr> ParseOr() {
    auto first = ParseAnd();
    if (!first) return first;
    std::vector<Expr> items;
    items.push_back(std::move(*first));
    while (!AtEnd() && IsOr(Peek())) {
      const Token& op = Peek();
      ++pos_;
      if (AtEnd()) return UnexpectedEnd(lexed_, op, kExpectTerm);
      auto next = ParseAnd();
      if (!next) return next;
      items.push_back(std::move(*next));
    }
    return Combine(Expr::Kind::kOr, std::move(items));
  }

  base::Result<Expr> ParseAnd() {
    auto first = ParseUnary();
    if (!first) return first;
    std::vector<Expr> items;
    items.push_back(std::move(*first));
    while (!AtEnd()) {
      const Token& op = Peek();
      if (IsAnd(op)) {
        ++pos_;
        if (AtEnd()) return UnexpectedEnd(lexed_, op, kExpectTerm);
      } else if (!StartsTerm(op)) {
        break;
      }
      auto next = ParseUnary();
      if (!next) return next;
      items.push_back(std::move(*next));
    }
    return Combine(Expr::Kind::kAnd, std::move(items));
  }

  base::Result<Expr> ParseUnary() {
    const Token& t = Peek();
    if (!IsNot(t)) return ParsePrimary();
    if (depth_ >= kMaxNesting) return TooDeep(t);
    ++depth_;
    ++pos_;
    if (AtEnd()) return UnexpectedEnd(lexed_, t, kExpectTerm);
    auto inner = ParseUnary();
    if (!inner) return inner;
    --depth_;
    Expr expr;
    expr.kind = Expr::Kind::kNot;
    expr.children.push_back(std::move(*inner));
    return expr;
  }

  base::Result<Expr> ParsePrimary() {
    const Token& t = Peek();
    if (t.kind == TokenKind::kLParen) return ParseGroup();
    if (IsKeyword(t, "sport")) return ParsePortTerm(Side::kLocal);
    if (IsKeyword(t, "dport")) return ParsePortTerm(Side::kPeer);
    if (IsKeyword(t, "src")) return ParseHostTerm(Side::kLocal);
    if (IsKeyword(t, "dst")) return ParseHostTerm(Side::kPeer);
    if (IsKeyword(t, "dev")) return ParseNamedTerm(Expr::Kind::kDevice);
    if (IsKeyword(t, "cgroup")) return ParseNamedTerm(Expr::Kind::kCgroup);
    return NotATerm(t);
  }

  // dev DEVICE, cgroup PATH: a name the caller's lookup turns into an id.
  base::Result<Expr> ParseNamedTerm(Expr::Kind kind) {
    const bool device = kind == Expr::Kind::kDevice;
    const std::string_view expect = device ? "expected an interface name or index"
                                           : "expected a cgroup path like /system.slice";
    ++pos_;
    bool negate = false;
    PortOp op = PortOp::kEq;
    if (!AtEnd() && ParseOp(Peek(), op)) {
      if (op != PortOp::kEq && op != PortOp::kNe)
        return UnexpectedToken(lexed_, Peek(), "dev and cgroup take = or != only");
      negate = op == PortOp::kNe;
      ++pos_;
    }
    if (AtEnd()) return UnexpectedEnd(lexed_, tokens_[pos_ - 1], expect);
    const Token& t = Peek();
    if (t.kind != TokenKind::kWord) return UnexpectedToken(lexed_, t, expect);
    Expr expr;
    expr.kind = kind;
    expr.name = t.text;
    if (device) {
      const bool digits =
          std::all_of(t.text.begin(), t.text.end(), [](char c) { return c >= '0' && c <= '9'; });
      std::optional<uint32_t> index;
      if (digits && t.text.size() <= 9) {
        index = static_cast<uint32_t>(std::stoul(t.text));
      } else if (lookups_.interfaces) {
        index = lookups_.interfaces(t.text);
      }
      if (!index || *index == 0)
        return BadToken(lexed_, t, "device", "no such interface in this network namespace");
      expr.id = *index;
    } else {
      std::optional<uint64_t> id;
      if (lookups_.cgroups) id = lookups_.cgroups(t.text);
      if (!id) return BadToken(lexed_, t, "cgroup", "no such cgroup v2 path");
      expr.id = *id;
    }
    ++pos_;
    if (!negate) return expr;
    Expr negation;
    negation.kind = Expr::Kind::kNot;
    negation.children.push_back(std::move(expr));
    return negation;
  }

  base::Result<Expr> ParseGroup() {
    const Token& open = Peek();
    if (depth_ >= kMaxNesting) return TooDeep(open);
    ++depth_;
    ++pos_;
    if (AtEnd()) return ErrorAt(lexed_, open, "unmatched '('", "no ')' closes it");
    if (Peek().kind == TokenKind::kRParen) {
      return UnexpectedToken(lexed_, Peek(), "empty parentheses: expected a term inside ( )");
    }
    auto inner = ParseOr();
    if (!inner) return inner;
    if (AtEnd()) return ErrorAt(lexed_, open, "unmatched '('", "no ')' closes it");
    if (Peek().kind != TokenKind::kRParen) return Leftover(Peek());
    ++pos_;
    --depth_;
    return inner;
  }

  base::Result<Expr> ParsePortTerm(Side side) {
    const Token& keyword = Peek();
    ++pos_;
    Expr expr;
    expr.kind = Expr::Kind::kPort;
    expr.side = side;
    if (!AtEnd() && ParseOp(Peek(), expr.op)) ++pos_;
    if (AtEnd()) return UnexpectedEnd(lexed_, tokens_[pos_ - 1], kExpectPort);
    const Token& t = Peek();
    std::string_view text = t.text;
    bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                               [](char c) { return c >= '0' && c <= '9'; });
    // ":443" as ss writes it; a bare number is accepted too.
    if (t.kind != TokenKind::kWord || (text.front() != ':' && !digits)) {
      return UnexpectedToken(lexed_, t, kExpectPort);
    }
    if (text.front() == ':') text.remove_prefix(1);
    if (text == "*") {
      return BadToken(lexed_, t, "port",
                      fmt::format("'{}' needs a port number; leave the term out to match any port",
                                  keyword.text));
    }
    auto port = ParsePortText(text, services_);
    if (!port) return BadToken(lexed_, t, "port", port.error().message);
    expr.port = *port;
    ++pos_;
    return expr;
  }

  base::Result<Expr> ParseHostTerm(Side side) {
    ++pos_;
    bool negate = false;
    PortOp op = PortOp::kEq;
    if (!AtEnd() && ParseOp(Peek(), op)) {
      if (op != PortOp::kEq && op != PortOp::kNe) {
        return UnexpectedToken(lexed_, Peek(),
                               "src and dst take = or != only; compare ports with sport or dport");
      }
      negate = op == PortOp::kNe;
      ++pos_;
    }
    if (AtEnd()) return UnexpectedEnd(lexed_, tokens_[pos_ - 1], kExpectHost);
    const Token& t = Peek();
    if (t.kind != TokenKind::kWord) return UnexpectedToken(lexed_, t, kExpectHost);
    auto host = ParseHostSpec(t.text, services_);
    if (!host) return BadToken(lexed_, t, "address", host.error().message);
    if (host->unix_glob && side == Side::kPeer) {
      return BadToken(lexed_, t, "address",
                      "UNIX peers have no path here; use src unix:PATTERN for the local path");
    }
    ++pos_;
    Expr expr;
    expr.kind = Expr::Kind::kHost;
    expr.side = side;
    expr.host = std::move(*host);
    if (!negate) return expr;
    Expr negation;
    negation.kind = Expr::Kind::kNot;
    negation.children.push_back(std::move(expr));
    return negation;
  }

  static Expr Combine(Expr::Kind kind, std::vector<Expr> items) {
    if (items.size() == 1) return std::move(items.front());
    Expr expr;
    expr.kind = kind;
    expr.children = std::move(items);
    return expr;
  }

  base::Error TooDeep(const Token& t) const {
    return ErrorAt(lexed_, t, fmt::format("nesting deeper than {} levels", kMaxNesting),
                   "simplify the expression (parentheses and negations count)");
  }

  // A token where a term must start.
  base::Error NotATerm(const Token& t) const {
    if (IsStateKeyword(t)) {
      return UnexpectedToken(lexed_, t, "state clauses must come before the expression");
    }
    if (IsUnsupportedSsKeyword(t)) {
      return UnexpectedToken(lexed_, t,
                             "this ss filter is not supported; use sport, dport, src, dst, dev or "
                             "cgroup");
    }
    if (t.kind == TokenKind::kStray) {
      return UnexpectedToken(lexed_, t, "write && or || (or the words and, or)");
    }
    return UnexpectedToken(lexed_, t, kExpectTerm);
  }

  // A token after a complete expression that cannot continue it.
  base::Error Leftover(const Token& t) const {
    if (t.kind == TokenKind::kRParen) return UnexpectedToken(lexed_, t, "no '(' to close");
    return NotATerm(t);
  }

  const Lexed& lexed_;
  const std::vector<Token>& tokens_;
  const FilterLookups& lookups_;
  const ServiceLookup& services_ = lookups_.services;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

base::Result<Filter> ParseFilter(const std::vector<std::string>& words,
                                 const ServiceLookup& services) {
  FilterLookups lookups;
  lookups.services = services;
  return ParseFilter(words, lookups);
}

base::Result<Filter> ParseFilter(const std::vector<std::string>& words,
                                 const FilterLookups& lookups) {
  Lexed lexed = Tokenize(words);
  return Parser(lexed, lookups).Run();
}

}  // namespace sockscope::filter
