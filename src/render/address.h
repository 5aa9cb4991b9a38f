// Addresses and endpoints printed the way `ss -n` prints them, so the two
// tools' tables can be compared line by line: 127.0.0.1:80, [::1]:80,
// 0.0.0.0:* / [::]:* for unset peers, *:80 / *:* for dual-stack ones, "*"
// for port 0, path and inode for UNIX.
#pragma once

#include <string>

#include "model/snapshot.h"
#include "model/socket.h"

namespace sockscope::render {

class HostNames;
class ServiceNames;

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:*". Appends to out. With
// services, a known port is printed by name ("127.0.0.1:http").
void AppendEndpoint(std::string& out, const model::Endpoint& e,
                    const ServiceNames* services = nullptr,
                    model::Proto proto = model::Proto::kTcp);

// The Local and Peer columns of one socket (UNIX: "path inode" and "* peer").
// Untrusted UNIX paths are escaped for the terminal. As in ss, the `::` of
// an IPv6 socket without IPV6_V6ONLY (dual-stack: it takes IPv4 too) is
// "*": "*:80" and "*:*" against a v6-only "[::]:80".
// With hosts (ls -r), an address /etc/hosts names prints as the name. `dev`:
// the device the socket is bound to, printed as ss does ("10.0.0.1%eth0:80");
// empty: none.
void AppendLocalColumn(std::string& out, const model::Socket& s,
                       const ServiceNames* services = nullptr, const HostNames* hosts = nullptr,
                       std::string_view dev = {});
void AppendPeerColumn(std::string& out, const model::Socket& s,
                      const ServiceNames* services = nullptr, const HostNames* hosts = nullptr);

// The name of the device `s` is bound to, from `names` (escaped), or
// "if<index>" as ss prints an index it cannot name; empty when unbound.
std::string InterfaceName(const model::InterfaceNames* names, const model::Socket& s);

// The State column as ss prints it: "ESTAB" for ESTABLISHED, and UDP and
// UNIX sockets in CLOSE are "UNCONN".
std::string_view TableStateName(const model::Socket& s);

}  // namespace sockscope::render
