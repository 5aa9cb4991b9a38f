// Container identity of a network namespace, derived from the cgroup of the
// processes inside it (/proc/PID/cgroup): the Docker, containerd or CRI-O
// container id, the Kubernetes pod UID and the systemd unit. Used to label
// namespaces (-N) and to restrict them (--container, --pod).
//
// A cgroup path is a hint, not proof: anyone allowed to create cgroups can
// name one like a container scope. Ids are therefore only accepted in their
// exact shape (64 lowercase hex digits, a UUID), which also keeps them free of
// bytes that would need escaping.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collect/kubelet_pods.h"
#include "sys/files.h"

namespace sockscope::collect {

struct NetnsTarget;

struct ContainerIdentity {
  std::string container;  // 64 hex digits, empty when none
  std::string runtime;    // "docker", "containerd", "crio", "podman", "" when unknown
  std::string pod;        // Kubernetes pod UID with dashes, empty when none
  std::string unit;       // systemd unit ("nginx.service"), empty when none
  // The pod's name and Kubernetes namespace, from the kubelet's pod
  // directories (collect/kubelet_pods.h); empty when unknown.
  std::string pod_name;
  std::string pod_namespace;

  bool empty() const { return container.empty() && pod.empty() && unit.empty(); }
};

// Parses the text of /proc/PID/cgroup (v1 lines "N:controllers:/path" and the
// v2 line "0::/path"). The first container id and pod UID found on any line
// win; the unit is the innermost .service (else .scope that is not a
// container's) of the first line that has one. Pure; never fails.
ContainerIdentity ParseCgroupIdentity(std::string_view text);

// --container ID: a prefix of the container id, optionally written as
// "docker://ID", "containerd://ID" or "cri-o://ID" as Kubernetes shows it.
// An empty prefix matches nothing.
bool ContainerMatches(const ContainerIdentity& identity, std::string_view prefix);
// --pod POD: the pod UID, with '-' or '_' (as in cgroup names), any case;
// or, where the pod's name is known, NAMESPACE/NAME or NAME.
bool PodMatches(const ContainerIdentity& identity, std::string_view pod);

// Reads /proc/PID/cgroup of the processes known in each target (up to a few
// per namespace) and stores the identity in target.identity. A process that
// exits meanwhile is skipped. Thread-compatible.
void AttachContainerIdentity(sys::Files& files, std::vector<NetnsTarget>& targets);

// Adds the pod's name and namespace to each target whose pod UID is in
// pod_names (UID → name, collect/kubelet_pods.h). Pure.
void AttachPodNames(const std::map<std::string, PodName>& pod_names,
                    std::vector<NetnsTarget>& targets);

}  // namespace sockscope::collect
