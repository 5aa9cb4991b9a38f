// Container and pod of each network namespace in -N output: Container / Pod
// table columns (only those with any value) and "container" / "pod" JSON
// fields next to every "netns" field. Read from Snapshot::namespaces, which
// collect/ fills from the namespaces' processes' cgroups.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::render {

class JsonWriter;

class NetnsIdentity {
 public:
  // namespaces: the snapshot's (null without -N: no columns, no fields).
  explicit NetnsIdentity(const std::vector<model::NetnsData>* namespaces);

  bool active() const { return namespaces_ != nullptr; }
  bool container_column() const { return container_column_; }
  bool pod_column() const { return pod_column_; }
  size_t namespace_count() const { return namespaces_ ? namespaces_->size() : 0; }

  // The namespace's data, or null. Remembers the last hit: rows arrive
  // grouped by namespace, so this is one comparison per row.
  const model::NetnsData* Find(uint64_t inode) const;

  // Table cells: the container id cut to twelve characters (as `docker ps`
  // shows ids) and the pod as NAMESPACE/NAME where its name is known, else
  // its UID, escaped; "-" when unknown.
  std::string ContainerCell(uint64_t inode) const;
  std::string PodCell(uint64_t inode) const;

  // ,"container":"..","pod":"..","pod_name":"..","pod_namespace":".." (null
  // when unknown); nothing when inactive.
  void WriteJsonFields(JsonWriter& w, uint64_t inode) const;

 private:
  const std::vector<model::NetnsData>* namespaces_ = nullptr;
  bool container_column_ = false;
  bool pod_column_ = false;
  mutable const model::NetnsData* last_ = nullptr;
};

}  // namespace sockscope::render
