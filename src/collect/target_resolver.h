// Which namespaces a run visits, from -N/--netns, --container and --pod:
// resolves the spec (collect/netns_targets.h), attaches each namespace's
// container and pod (collect/container_identity.h, collect/kubelet_pods.h)
// and keeps the ones the identity options ask for.
//
// One-shot commands resolve once. The exporter and `top` resolve again before
// every collection (Environment::follow), so a pod started after the
// exporter is seen at the next scrape and a vanished one leaves no series.
#pragma once

#include <string>

#include "base/result.h"
#include "collect/kubelet_pods.h"
#include "collect/netns_targets.h"

namespace sockscope::collect {

struct TargetSpec {
  std::string netns = "all";  // "all", NAME, PATH or pid:PID
  std::string container;      // --container: a container id prefix; empty: any
  std::string pod;            // --pod: UID, NAMESPACE/NAME or NAME; empty: any
  NetnsPaths paths;
  std::string pod_log_dir = std::string(kPodLogDir);
};

class TargetResolver {
 public:
  TargetResolver(procfs::ProcFs& proc, sys::Files& files, sys::Netns& netns, TargetSpec spec)
      : proc_(proc), files_(files), netns_(netns), spec_(std::move(spec)) {}

  // kUsage / kNotFound as ResolveNetnsTargets. With require_match, a
  // --container or --pod that matches no namespace is kNotFound; without it
  // (following), that is an empty list: the pod may come back.
  base::Result<NetnsTargets> Resolve(bool require_match) const;

 private:
  procfs::ProcFs& proc_;
  sys::Files& files_;
  sys::Netns& netns_;
  TargetSpec spec_;
};

}  // namespace sockscope::collect
