#include "render/host_names.h"

#include "render/etc_fields.h"

namespace sockscope::render {

HostNames HostNames::Parse(std::string_view text) {
  HostNames table;
  EtcFields lines(text);
  while (lines.NextLine()) {
    std::string_view address = lines.NextField();
    std::string_view name = lines.NextField();
    if (address.empty() || name.empty() || name.size() > 253) continue;
    auto addr = model::ParseIpAddr(address);
    if (!addr) continue;
    table.names_.emplace(std::make_pair(addr->family, addr->bytes), std::string(name));
  }
  return table;
}

std::string_view HostNames::Find(const model::IpAddr& addr) const {
  if (names_.empty()) return {};
  const model::IpAddr key = addr.IsV4Mapped() ? addr.UnmappedV4() : addr;
  auto it = names_.find(std::make_pair(key.family, key.bytes));
  return it == names_.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace sockscope::render
