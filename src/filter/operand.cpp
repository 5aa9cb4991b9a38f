#include "filter/operand.h"

#include <array>
#include <string>
#include <utility>

namespace sockscope::filter {
namespace {

using base::ErrorKind;
using base::MakeError;

// Service names users type most; anything else must be given as a number
// because this layer reads no files (ss would consult /etc/services).
constexpr std::array<std::pair<std::string_view, uint16_t>, 22> kServices = {{
    {"ftp", 21},          {"ssh", 22},        {"telnet", 23},   {"smtp", 25},   {"domain", 53},
    {"dns", 53},          {"http", 80},       {"kerberos", 88}, {"pop3", 110},  {"ntp", 123},
    {"imap", 143},        {"snmp", 161},      {"bgp", 179},     {"ldap", 389},  {"https", 443},
    {"submission", 587},  {"ldaps", 636},     {"imaps", 993},   {"pop3s", 995}, {"mysql", 3306},
    {"postgresql", 5432}, {"http-alt", 8080},
}};

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Parses digits up to `max`; nullopt for non-digits, empty or too large.
std::optional<unsigned> ParseBounded(std::string_view text, unsigned max) {
  if (!AllDigits(text)) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > max) return std::nullopt;
  }
  return value;
}

base::Result<int> ParsePrefix(std::string_view text, model::Family family) {
  unsigned max = family == model::Family::kInet ? 32 : 128;
  auto value = ParseBounded(text, max);
  if (!value) {
    return MakeError(ErrorKind::kUsage,
                     "prefix length '" + std::string(text) + "' must be a number 0-" +
                         std::to_string(max) +
                         (family == model::Family::kInet ? " for IPv4" : " for IPv6"));
  }
  return static_cast<int>(*value);
}

// IPv4-mapped prefixes (::ffff:a.b.c.d/96 and longer) are stored as IPv4 so
// that one comparison covers both spellings of the same address.
void UnmapPrefix(HostSpec& spec) {
  if (spec.addr.IsV4Mapped() && spec.prefix_len >= 96) {
    spec.addr = spec.addr.UnmappedV4();
    spec.prefix_len -= 96;
  }
}

// ADDR or ADDR/PREFIX, ADDR of an allowed family, `*` or empty (any address).
base::Result<void> ParseAddressPart(std::string_view text, bool allow_v4, bool allow_v6,
                                    HostSpec& spec) {
  std::string_view addr_text = text;
  std::optional<std::string_view> prefix_text;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    addr_text = text.substr(0, slash);
    prefix_text = text.substr(slash + 1);
  }
  if (addr_text.empty() || addr_text == "*") {
    if (prefix_text) return MakeError(ErrorKind::kUsage, "a prefix length needs an address");
    spec.any_addr = true;
    return {};
  }
  auto addr = model::ParseIpAddr(addr_text);
  bool family_ok = addr && ((addr->family == model::Family::kInet && allow_v4) ||
                            (addr->family == model::Family::kInet6 && allow_v6));
  if (!family_ok) {
    if (allow_v6 && !allow_v4) {
      return MakeError(ErrorKind::kUsage,
                       "'" + std::string(addr_text) + "' is not an IPv6 address");
    }
    return MakeError(ErrorKind::kUsage,
                     "'" + std::string(addr_text) +
                         "' is not an address: give IPv4, [IPv6] or * (names are not resolved)");
  }
  spec.any_addr = false;
  spec.addr = *addr;
  spec.prefix_len = addr->family == model::Family::kInet ? 32 : 128;
  if (prefix_text) {
    auto prefix = ParsePrefix(*prefix_text, addr->family);
    if (!prefix) return prefix.error();
    spec.prefix_len = *prefix;
  }
  UnmapPrefix(spec);
  return {};
}

base::Result<void> ParsePortPart(std::string_view text, const ServiceLookup& services,
                                 HostSpec& spec) {
  if (text == "*") return {};
  auto port = ParsePortText(text, services);
  if (!port) return port.error();
  spec.port = *port;
  return {};
}

base::Result<HostSpec> ParseBracketed(std::string_view text, const ServiceLookup& services) {
  HostSpec spec;
  size_t close = text.find(']');
  if (close == std::string_view::npos) {
    return MakeError(ErrorKind::kUsage, "missing ']' after the IPv6 address");
  }
  std::string_view inside = text.substr(1, close - 1);
  std::string_view rest = text.substr(close + 1);
  if (inside.empty() || inside == "*") {
    return MakeError(ErrorKind::kUsage, "expected an IPv6 address inside [ ]");
  }
  // Both [ADDR/PREFIX]:PORT and [ADDR]/PREFIX:PORT are accepted.
  std::string addr_part(inside);
  if (!rest.empty() && rest.front() == '/') {
    if (inside.find('/') != std::string_view::npos) {
      return MakeError(ErrorKind::kUsage, "two prefix lengths");
    }
    size_t colon = rest.find(':');
    addr_part += rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon);
  }
  if (!rest.empty() && rest.front() != ':') {
    return MakeError(ErrorKind::kUsage, "expected ':PORT' after ']'");
  }
  if (auto ok = ParseAddressPart(addr_part, false, true, spec); !ok) return ok.error();
  if (!rest.empty()) {
    if (auto ok = ParsePortPart(rest.substr(1), services, spec); !ok) return ok.error();
  }
  return spec;
}

}  // namespace

std::optional<uint16_t> ServicePort(std::string_view name) {
  for (const auto& [service, port] : kServices) {
    if (service == name) return port;
  }
  return std::nullopt;
}

base::Result<uint16_t> ParsePortText(std::string_view text, const ServiceLookup& services) {
  if (text.empty()) return MakeError(ErrorKind::kUsage, "missing port number");
  if (AllDigits(text)) {
    auto value = ParseBounded(text, 65535);
    if (!value) return MakeError(ErrorKind::kUsage, "port must be a number 0-65535");
    return static_cast<uint16_t>(*value);
  }
  if (services) {
    if (auto port = services(text)) return *port;
  }
  if (auto port = ServicePort(text)) return *port;
  return MakeError(ErrorKind::kUsage,
                   services ? "unknown service name (not in /etc/services): give the port number"
                            : "unknown service name: give the port number (only a few names "
                              "such as ssh, http, https, domain, smtp are known here)");
}

base::Result<HostSpec> ParseHostSpec(std::string_view text, const ServiceLookup& services) {
  HostSpec spec;
  if (text.empty()) return MakeError(ErrorKind::kUsage, "missing address");
  if (text.substr(0, 5) == "unix:") {
    spec.unix_glob = std::string(text.substr(5));
    return spec;
  }
  if (text.front() == '[') return ParseBracketed(text, services);
  size_t colons = 0;
  for (char c : text) colons += c == ':' ? 1 : 0;
  if (colons >= 2) {
    // A bare IPv6 address: its last group cannot be told from a port, so the
    // whole word is the address; [ADDR]:PORT is the way to add a port.
    if (auto ok = ParseAddressPart(text, false, true, spec); !ok) {
      return MakeError(ErrorKind::kUsage,
                       ok.error().message + " (write [ADDR]:PORT to give a port)");
    }
    return spec;
  }
  std::string_view addr_part = text;
  if (size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    addr_part = text.substr(0, colon);
    if (auto ok = ParsePortPart(text.substr(colon + 1), services, spec); !ok) return ok.error();
  }
  if (auto ok = ParseAddressPart(addr_part, true, false, spec); !ok) return ok.error();
  return spec;
}

}  // namespace sockscope::filter
