// What `ls` asked to see of each socket; shared by the table and JSON
// renderers so both print the same things.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "model/owner.h"
#include "model/snapshot.h"
#include "model/socket.h"

namespace sockscope::render {

struct SocketView {
  bool processes = false;  // -p: owners (JSON "processes" present only then)
  // False when some fd tables could not be read: a socket with no owner seen
  // then has unknown owners (JSON "processes": null), not none.
  bool owners_complete = true;
  bool extended = false;  // -e: uid, inode, cookie in tables
  bool tcp_info = false;  // -i
  bool memory = false;    // -m
  bool timers = false;    // -o: the pending TCP timer, as ss -o
  bool numeric = false;   // -n: rates in -i's line as whole bits per second, as ss -n
  bool cgroup = false;    // --cgroup: the cgroup path of each inet socket, as ss --cgroup
  // -O: what ss prints on a socket's second line (-i, -m, packet -e) on its
  // row instead, as ss --oneline.
  bool oneline = false;
  bool tos = false;           // --tos: tos, tclass, class_id as ss
  bool inet_sockopt = false;  // --inet-sockopt: the socket options line as ss
  bool header = true;         // -H turns it off
  // As ss: no Netid column when one socket type is listed (-t, -u), no State
  // column when the filter names a single state (`state established`), so
  // `awk '{print $4}'` one-liners written against ss read the same field.
  bool netid_column = true;
  bool state_column = true;
  bool netns = false;  // a Netns column first (with -N)
  // With -N: Container / Pod columns and JSON fields (null: none).
  const class NetnsIdentity* identity = nullptr;
  // Without -n, tables show ports by service name like ss; null: numeric.
  const class ServiceNames* services = nullptr;
  // With -r, hosts /etc/hosts names are shown by name; null: numeric.
  const class HostNames* hosts = nullptr;
  // Interface names by (netns, index), for a device-bound socket's JSON
  // "dev" (model::Snapshot::interface_names); null: index only.
  const model::InterfaceNames* interface_names = nullptr;
  // With -e, cgroup paths by cgroup id (sys/cgroup_paths.h); an id not in it
  // prints as ss prints it, "unreachable:ID". Null: no cgroup field.
  const std::unordered_map<uint64_t, std::string>* cgroup_paths = nullptr;
};

}  // namespace sockscope::render
