#include "collect/kubelet_pods.h"

#include <fcntl.h>

#include <string>

namespace sockscope::collect {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
bool IsDnsLabel(std::string_view s) {
  if (s.empty() || s.size() > 63 || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back()))
    return false;
  for (char c : s)
    if (!IsLowerAlnum(c) && c != '-') return false;
  return true;
}

// RFC 1123 subdomain: labels joined by '.', at most 253 characters.
bool IsDnsSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  while (true) {
    size_t dot = s.find('.');
    if (!IsDnsLabel(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

bool IsUid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return false;
  }
  return true;
}

}  // namespace

std::optional<std::pair<std::string, PodName>> ParsePodLogDirName(std::string_view entry) {
  size_t first = entry.find('_');
  size_t last = entry.rfind('_');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  std::string_view ns = entry.substr(0, first);
  std::string_view name = entry.substr(first + 1, last - first - 1);
  std::string_view uid = entry.substr(last + 1);
  if (!IsDnsLabel(ns) || !IsDnsSubdomain(name) || !IsUid(uid)) return std::nullopt;
  return std::pair{std::string(uid), PodName{std::string(ns), std::string(name)}};
}

std::map<std::string, PodName> ReadPodNames(sys::Files& files, std::string_view dir) {
  std::map<std::string, PodName> out;
  auto entries = files.ListDir(AT_FDCWD, std::string(dir).c_str(), O_RDONLY);
  if (!entries) return out;
  for (const auto& e : *entries)
    if (auto parsed = ParsePodLogDirName(e)) out.insert(std::move(*parsed));
  return out;
}

}  // namespace sockscope::collect
