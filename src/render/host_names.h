// Address → host name for `ls -r`, from the text of /etc/hosts, which the
// caller reads: unlike ss -r (which asks the system resolver, DNS included),
// sockscope never resolves over the network, so a run cannot hang on a slow
// name server and sends nothing anywhere. An address /etc/hosts does not
// name stays numeric. Pure; a built table is read-only and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "model/socket.h"

namespace sockscope::render {

class HostNames {
 public:
  // Parses "ADDRESS NAME [ALIASES...] [# comment]" lines; the first line
  // naming an address wins, its first name is used (as the resolver's
  // files source answers). Malformed lines are skipped.
  static HostNames Parse(std::string_view hosts_text);

  // The name of `addr` (a v4-mapped IPv6 address as its IPv4 one), or empty.
  std::string_view Find(const model::IpAddr& addr) const;
  size_t size() const { return names_.size(); }

 private:
  std::map<std::pair<model::Family, std::array<uint8_t, 16>>, std::string> names_;
};

}  // namespace sockscope::render
