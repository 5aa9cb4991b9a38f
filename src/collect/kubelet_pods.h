// Names of Kubernetes pods on this node, without the API server: the kubelet
// keeps one log directory per pod, /var/log/pods/NAMESPACE_NAME_UID (its
// BuildPodLogsDirectory), for every pod it runs, whatever the container
// runtime. Namespace and pod names are DNS labels and subdomains, which
// cannot contain '_', so the split is unambiguous; the UID must have the
// shape of one. The directory is readable by root only on most nodes; a
// DaemonSet mounts it read-only (deploy/kubernetes/daemonset.yaml).
//
// Directory names are written by the kubelet from API objects, so they are
// validated by shape here and escaped at render like any untrusted text.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sys/files.h"

namespace sockscope::collect {

struct PodName {
  std::string pod_namespace;  // Kubernetes namespace ("default")
  std::string name;           // pod name ("nginx-7c9f6d8b5-x2x4p")
};

inline constexpr std::string_view kPodLogDir = "/var/log/pods";

// "NAMESPACE_NAME_UID" → (UID lowercase with dashes, name); nullopt for any
// other shape (a DNS label or subdomain that is not one, a malformed UID).
std::optional<std::pair<std::string, PodName>> ParsePodLogDirName(std::string_view entry);

// UID → name of every pod directory under dir. A missing or unreadable
// directory is an empty map: names are a courtesy, the UID stays the label.
std::map<std::string, PodName> ReadPodNames(sys::Files& files, std::string_view dir = kPodLogDir);

}  // namespace sockscope::collect
