// Interface index → name of one network namespace, for the `%dev` of
// device-bound sockets (ss prints "10.0.0.1%eth0:80"), from files read
// through ProcFs so recordings replay them:
//   /proc/net/igmp      "1\tlo        :     1      V3"   (every device that
//                        is up with IPv4, the loopback included)
//   /proc/net/if_inet6  "fe80...01 02 40 20 80   eth0"   (devices with an
//                        IPv6 address)
// Pure functions; malformed lines are skipped. Names are untrusted text.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace sockscope::procfs {

using InterfaceNames = std::map<uint32_t, std::string>;

// Adds the names found; an index already known keeps its name.
void AddInterfacesFromIgmp(std::string_view text, InterfaceNames& out);
void AddInterfacesFromIfInet6(std::string_view text, InterfaceNames& out);

}  // namespace sockscope::procfs
