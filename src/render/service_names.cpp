#include "render/service_names.h"

#include "render/etc_fields.h"

#include <cstdio>

#include <charconv>

namespace sockscope::render {
namespace {
uint32_t Key(bool udp, uint16_t port) { return (udp ? 1u << 16 : 0u) | port; }
}  // namespace

ServiceNames ServiceNames::Parse(std::string_view text) {
  ServiceNames table;
  EtcFields lines(text);
  while (lines.NextLine()) {
    std::string_view name = lines.NextField();
    std::string_view port_proto = lines.NextField();
    size_t slash = port_proto.find('/');
    if (name.empty() || name.size() > 64 || slash == std::string_view::npos) continue;
    std::string_view proto = port_proto.substr(slash + 1);
    if (proto != "tcp" && proto != "udp") continue;
    unsigned port = 0;
    auto digits = port_proto.substr(0, slash);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535)
      continue;
    table.names_.emplace(Key(proto == "udp", static_cast<uint16_t>(port)), std::string(name));
    auto& by_name = proto == "udp" ? table.udp_ports_ : table.tcp_ports_;
    for (std::string_view n = name; !n.empty(); n = lines.NextField())
      if (n.size() <= 64) by_name.emplace(std::string(n), static_cast<uint16_t>(port));
  }
  return table;
}

void ServiceNames::SetEphemeralRange(std::string_view text) {
  unsigned low = 0, high = 0;
  std::string copy(text.substr(0, 64));
  if (std::sscanf(copy.c_str(), "%u %u", &low, &high) == 2 && low <= high && high <= 65535) {
    ephemeral_low_ = static_cast<uint16_t>(low);
    ephemeral_high_ = static_cast<uint16_t>(high);
  }
}

void ServiceNames::AddProtocols(std::string_view text) {
  EtcFields lines(text);
  while (lines.NextLine()) {
    std::string_view name = lines.NextField();
    std::string_view digits = lines.NextField();
    unsigned number = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (name.empty() || name.size() > 64 || ec != std::errc() ||
        end != digits.data() + digits.size() || number > 255)
      continue;
    protocols_.emplace(static_cast<uint16_t>(number), std::string(name));  // first name wins
  }
}

std::string_view ServiceNames::Find(model::Proto proto, uint16_t port) const {
  if (proto == model::Proto::kRaw) {
    auto it = protocols_.find(port);
    return it == protocols_.end() ? std::string_view() : std::string_view(it->second);
  }
  if (proto == model::Proto::kUnix || names_.empty()) return {};
  if (port >= ephemeral_low_ && port <= ephemeral_high_) return {};
  auto it = names_.find(Key(proto == model::Proto::kUdp, port));
  return it == names_.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<uint16_t> ServiceNames::PortOf(std::string_view name) const {
  const std::string key(name);
  if (auto it = tcp_ports_.find(key); it != tcp_ports_.end()) return it->second;
  if (auto it = udp_ports_.find(key); it != udp_ports_.end()) return it->second;
  return std::nullopt;
}

}  // namespace sockscope::render
