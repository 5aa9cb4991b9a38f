#include "collect/target_resolver.h"

#include <algorithm>

#include "collect/container_identity.h"

namespace sockscope::collect {

base::Result<NetnsTargets> TargetResolver::Resolve(bool require_match) const {
  auto targets = ResolveNetnsTargets(proc_, files_, netns_, spec_.netns, spec_.paths);
  if (!targets) return targets.error();
  // Pod names only matter where some namespace belongs to a pod; most hosts
  // have none, and the directory is not read for them.
  auto& list = targets->targets;
  AttachContainerIdentity(files_, list);
  if (std::any_of(list.begin(), list.end(), [](const auto& t) { return !t.identity.pod.empty(); }))
    AttachPodNames(ReadPodNames(files_, spec_.pod_log_dir), list);
  if (spec_.container.empty() && spec_.pod.empty()) return targets;
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const NetnsTarget& t) {
                              return (!spec_.container.empty() &&
                                      !ContainerMatches(t.identity, spec_.container)) ||
                                     (!spec_.pod.empty() && !PodMatches(t.identity, spec_.pod));
                            }),
             list.end());
  if (list.empty() && require_match)
    return base::MakeError(
        base::ErrorKind::kNotFound,
        spec_.container.empty()
            ? "--pod " + spec_.pod + ": no network namespace of this pod was found"
            : "--container " + spec_.container +
                  ": no network namespace of this container was found");
  return targets;
}

}  // namespace sockscope::collect
