// DescribeExpr: the canonical text of a parsed expression, written so that
// parsing it again gives the same tree.
#include <fmt/format.h>

#include "filter/filter.h"

namespace sockscope::filter {
namespace {

const char* OpText(PortOp op) {
  switch (op) {
    case PortOp::kEq:
      return "=";
    case PortOp::kNe:
      return "!=";
    case PortOp::kGt:
      return ">";
    case PortOp::kLt:
      return "<";
    case PortOp::kGe:
      return ">=";
    case PortOp::kLe:
      return "<=";
  }
  return "=";
}

std::string HostText(const HostSpec& h) {
  if (h.unix_glob) return "unix:" + *h.unix_glob;
  std::string port = h.port ? std::to_string(*h.port) : "*";
  if (h.any_addr) return "*:" + port;
  if (h.addr.family == model::Family::kInet6) {
    return fmt::format("[{}]/{}:{}", h.addr.ToString(), h.prefix_len, port);
  }
  return fmt::format("{}/{}:{}", h.addr.ToString(), h.prefix_len, port);
}

void Append(std::string& out, const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr:
      out += '(';
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i > 0) out += e.kind == Expr::Kind::kAnd ? " and " : " or ";
        Append(out, e.children[i]);
      }
      out += ')';
      return;
    case Expr::Kind::kNot:
      out += "not ";
      if (!e.children.empty()) Append(out, e.children.front());
      return;
    case Expr::Kind::kPort:
      out += fmt::format("{} {} :{}", e.side == Side::kLocal ? "sport" : "dport", OpText(e.op),
                         e.port);
      return;
    case Expr::Kind::kHost:
      out += e.side == Side::kLocal ? "src " : "dst ";
      out += HostText(e.host);
      return;
    case Expr::Kind::kDevice:
      out += "dev = " + e.name;
      return;
    case Expr::Kind::kCgroup:
      out += "cgroup = " + e.name;
      return;
  }
}

}  // namespace

std::string DescribeExpr(const Expr& expr) {
  std::string out;
  Append(out, expr);
  return out;
}

}  // namespace sockscope::filter
