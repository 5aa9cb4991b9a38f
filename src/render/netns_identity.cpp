#include "render/netns_identity.h"

#include "base/escape.h"
#include "render/json_keys.h"
#include "render/json_writer.h"

namespace sockscope::render {

NetnsIdentity::NetnsIdentity(const std::vector<model::NetnsData>* namespaces)
    : namespaces_(namespaces) {
  if (!namespaces) return;
  for (const auto& ns : *namespaces) {
    container_column_ |= !ns.container.empty();
    pod_column_ |= !ns.pod.empty();
  }
}

const model::NetnsData* NetnsIdentity::Find(uint64_t inode) const {
  if (!namespaces_) return nullptr;
  if (last_ && last_->inode == inode) return last_;
  for (const auto& ns : *namespaces_)
    if (ns.inode == inode) return last_ = &ns;
  return nullptr;
}

std::string NetnsIdentity::ContainerCell(uint64_t inode) const {
  const model::NetnsData* ns = Find(inode);
  if (!ns || ns->container.empty()) return "-";
  return base::EscapeForTerminal(std::string_view(ns->container).substr(0, 12));
}

std::string NetnsIdentity::PodCell(uint64_t inode) const {
  const model::NetnsData* ns = Find(inode);
  if (!ns || ns->pod.empty()) return "-";
  if (!ns->pod_name.empty())  // as kubectl names it
    return base::EscapeForTerminal(ns->pod_namespace + "/" + ns->pod_name);
  return base::EscapeForTerminal(ns->pod);
}

void NetnsIdentity::WriteJsonFields(JsonWriter& w, uint64_t inode) const {
  if (!namespaces_) return;
  const model::NetnsData* ns = Find(inode);
  w.Key(json_key::kContainer);
  if (ns && !ns->container.empty())
    w.String(ns->container);
  else
    w.Null();
  auto optional = [&w](std::string_view key, const std::string* value) {
    w.Key(key);
    if (value && !value->empty())
      w.String(*value);
    else
      w.Null();
  };
  optional(json_key::kPod, ns ? &ns->pod : nullptr);
  optional(json_key::kPodName, ns ? &ns->pod_name : nullptr);
  optional(json_key::kPodNamespace, ns ? &ns->pod_namespace : nullptr);
}

}  // namespace sockscope::render
