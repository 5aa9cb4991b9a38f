#include "render/host_names.h"

namespace sockscope::render {

HostNames HostNames::Parse(std::string_view text) {
  HostNames table;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto next_word = [&line]() {
      size_t b = line.find_first_not_of(" \t\r");
      if (b == std::string_view::npos) return std::string_view();
      size_t e = line.find_first_of(" \t\r", b);
      std::string_view w = line.substr(b, e == std::string_view::npos ? line.size() - b : e - b);
      line = e == std::string_view::npos ? std::string_view() : line.substr(e);
      return w;
    };
    std::string_view address = next_word();
    std::string_view name = next_word();
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
