#include "exporter/http_request.h"

#include <cctype>

namespace sockscope::exporter {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c <= ' ' || c >= 127 || c == ':') return false;
  return true;
}

}  // namespace

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::optional<size_t> FindHeadEnd(std::string_view bytes) {
  for (size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] != '\n') continue;
    if (bytes[i + 1] == '\n') return i + 2;
    if (bytes[i + 1] == '\r' && i + 2 < bytes.size() && bytes[i + 2] == '\n') return i + 3;
  }
  return std::nullopt;
}

base::Result<HttpRequest> ParseHttpRequest(std::string_view head) {
  auto bad = [](const char* what) {
    return base::MakeError(base::ErrorKind::kMalformed, std::string("bad HTTP request: ") + what);
  };
  HttpRequest req;
  size_t eol = head.find('\n');
  if (eol == std::string_view::npos) return bad("no request line");
  std::string_view line = Trim(head.substr(0, eol));
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return bad("request line");
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method) || target.empty() || target.front() != '/' ||
      version.substr(0, 7) != "HTTP/1.")
    return bad("request line");
  req.method = method;
  req.path = target.substr(0, target.find('?'));
  req.version = version;

  std::string_view rest = head.substr(eol + 1);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view field = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    field = Trim(field);
    if (field.empty()) break;  // the blank line ending the head
    size_t colon = field.find(':');
    if (colon == std::string_view::npos || !IsToken(field.substr(0, colon)))
      return bad("header field");
    std::string name(field.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(Trim(field.substr(colon + 1))));
  }
  return req;
}

}  // namespace sockscope::exporter
