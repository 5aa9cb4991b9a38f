#include "collect/container_identity.h"

#include <fcntl.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "collect/netns_targets.h"

namespace sockscope::collect {
namespace {

constexpr size_t kIdLength = 64;

bool IsLowerHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

bool IsContainerId(std::string_view s) { return s.size() == kIdLength && IsLowerHex(s); }

// A pod UID as it appears in a cgroup name: 8-4-4-4-12 hex digits separated by
// '-' (cgroupfs driver) or '_' (systemd driver). Returns it with dashes.
std::string NormalizePodUid(std::string_view s) {
  static constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
  std::string out;
  size_t pos = 0;
  for (size_t g = 0; g < 5; ++g) {
    if (g > 0) {
      if (pos >= s.size() || (s[pos] != '-' && s[pos] != '_')) return "";
      out += '-';
      ++pos;
    }
    if (pos + kGroups[g] > s.size()) return "";
    std::string_view part = s.substr(pos, kGroups[g]);
    for (char c : part) {
      char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!((l >= '0' && l <= '9') || (l >= 'a' && l <= 'f'))) return "";
      out += l;
    }
    pos += kGroups[g];
  }
  return pos == s.size() ? out : "";
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "<prefix><id>.scope" -> id when it is a container id.
std::string ScopeId(std::string_view part, std::string_view prefix) {
  if (!StartsWith(part, prefix) || !EndsWith(part, ".scope")) return "";
  std::string_view id = part.substr(prefix.size(), part.size() - prefix.size() - 6);
  return IsContainerId(id) ? std::string(id) : "";
}

struct ScopeKind {
  std::string_view prefix;
  std::string_view runtime;
};
constexpr ScopeKind kScopes[] = {
    {"docker-", "docker"},
    {"cri-containerd-", "containerd"},
    {"crio-", "crio"},
    {"libpod-", "podman"},
};

// One cgroup path: fills what is still empty in id.
void ScanPath(std::string_view path, ContainerIdentity& id, std::string& unit) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  bool under_kubepods = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    bool container_scope = false;
    for (const auto& kind : kScopes) {
      std::string found = ScopeId(part, kind.prefix);
      if (found.empty()) continue;
      container_scope = true;
      if (id.container.empty()) {
        id.container = std::move(found);
        id.runtime = std::string(kind.runtime);
      }
    }
    // cgroupfs drivers: /docker/<id>, /kubepods/<qos>/pod<uid>/<id>.
    if (IsContainerId(part) && id.container.empty() && i > 0 &&
        (parts[i - 1] == "docker" || under_kubepods)) {
      id.container = std::string(part);
      id.runtime = parts[i - 1] == "docker" ? "docker" : "";
    }
    if (StartsWith(part, "kubepods")) under_kubepods = true;
    if (under_kubepods && id.pod.empty()) {
      // systemd driver: kubepods-burstable-pod<uid_with_underscores>.slice
      // cgroupfs driver: pod<uid-with-dashes>
      std::string_view candidate;
      size_t at = part.rfind("pod");
      if (at != std::string_view::npos && (at == 0 || part[at - 1] == '-')) {
        candidate = part.substr(at + 3);
        if (EndsWith(candidate, ".slice")) candidate.remove_suffix(6);
        id.pod = NormalizePodUid(candidate);
      }
    }
    if (unit.empty() || i + 1 == parts.size()) {
      if (EndsWith(part, ".service") || (EndsWith(part, ".scope") && !container_scope))
        unit = std::string(part);
    }
  }
}

}  // namespace

ContainerIdentity ParseCgroupIdentity(std::string_view text) {
  ContainerIdentity id;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    size_t first = line.find(':');
    if (first == std::string_view::npos) continue;
    size_t second = line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    std::string_view path = line.substr(second + 1);
    if (path.empty() || path.front() != '/') continue;
    std::string unit;
    ScanPath(path, id, unit);
    if (id.unit.empty()) id.unit = std::move(unit);
  }
  return id;
}

bool ContainerMatches(const ContainerIdentity& identity, std::string_view prefix) {
  for (std::string_view scheme : {"docker://", "containerd://", "cri-o://", "podman://"})
    if (StartsWith(prefix, scheme)) prefix.remove_prefix(scheme.size());
  if (prefix.empty() || identity.container.empty()) return false;
  std::string lower;
  for (char c : prefix) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return StartsWith(identity.container, lower);
}

bool PodMatches(const ContainerIdentity& identity, std::string_view pod) {
  std::string normalized = NormalizePodUid(pod);
  if (!normalized.empty()) return normalized == identity.pod;
  if (identity.pod_name.empty() || pod.empty()) return false;
  size_t slash = pod.find('/');
  if (slash == std::string_view::npos) return pod == identity.pod_name;
  return pod.substr(0, slash) == identity.pod_namespace &&
         pod.substr(slash + 1) == identity.pod_name;
}

void AttachContainerIdentity(sys::Files& files, std::vector<NetnsTarget>& targets) {
  for (auto& t : targets) {
    t.identity = {};
    for (int32_t pid : t.pids) {
      std::string path = fmt::format("/proc/{}/cgroup", pid);
      auto text = files.ReadFileAt(AT_FDCWD, path.c_str(), 64 << 10);
      if (!text) continue;  // exited, or not ours to read
      ContainerIdentity got = ParseCgroupIdentity(*text);
      if (t.identity.container.empty() && !got.container.empty()) {
        t.identity.container = got.container;
        t.identity.runtime = got.runtime;
      }
      if (t.identity.pod.empty()) t.identity.pod = got.pod;
      if (t.identity.unit.empty()) t.identity.unit = got.unit;
      if (!t.identity.container.empty() && !t.identity.pod.empty()) break;
    }
  }
}

void AttachPodNames(const std::map<std::string, PodName>& pod_names,
                    std::vector<NetnsTarget>& targets) {
  for (auto& t : targets) {
    auto named = pod_names.find(t.identity.pod);
    if (named == pod_names.end()) continue;
    t.identity.pod_name = named->second.name;
    t.identity.pod_namespace = named->second.pod_namespace;
  }
}

}  // namespace sockscope::collect
