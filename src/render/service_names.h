// Port → service name, as ss prints ports without -n ("127.0.0.1:http").
// Built from the text of /etc/services, which the caller reads: names are
// never looked up over the network. Pure; a built table is read-only and
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/socket.h"

namespace sockscope::render {

class ServiceNames {
 public:
  // Parses "name port/proto [aliases] [# comment]" lines; malformed lines are
  // skipped. The first name given for a port wins, as with getservbyport.
  static ServiceNames Parse(std::string_view services_text);

  // Like ss, ports inside the ephemeral range (net.ipv4.ip_local_port_range,
  // its text "32768\t60999") stay numeric: there a name (60177 "tfido") is
  // almost always a coincidence of a client's port. Unparsable text keeps
  // ss's fallback range, 1024-4999.
  void SetEphemeralRange(std::string_view ip_local_port_range);

  // Names of IP protocols from the text of /etc/protocols ("icmp 1 ICMP"):
  // a raw socket's "port" is its protocol, which ss names from that file.
  void AddProtocols(std::string_view protocols_text);

  // The name for port over proto (tcp or udp; raw: the protocol), or empty.
  std::string_view Find(model::Proto proto, uint16_t port) const;
  size_t size() const { return names_.size(); }

  // The port of a service name or alias, its TCP entry first, then UDP (as
  // ss resolves `sport = :mdns`); nullopt when the file does not name it.
  std::optional<uint16_t> PortOf(std::string_view name) const;

 private:
  std::unordered_map<uint32_t, std::string> names_;                  // (proto << 16) | port
  std::unordered_map<uint16_t, std::string> protocols_;              // IP protocol number
  std::unordered_map<std::string, uint16_t> tcp_ports_, udp_ports_;  // names and aliases
  uint16_t ephemeral_low_ = 1024, ephemeral_high_ = 4999;
};

}  // namespace sockscope::render
