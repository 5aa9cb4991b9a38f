// Parsers for the operands of filter terms: ports (":443", ":ssh", "443")
// and host specs ("10.0.0.0/8:80", "[::1]:*", "*", ":22", "unix:/run/*").
// Internal to src/filter/; pure (no name resolution; /etc/services only
// through the caller's lookup), thread-safe. Errors are kUsage with only the reason as message; the
// parser adds the token and the caret.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "filter/filter.h"

namespace sockscope::filter {

// The port of a well-known service from a small built-in table (ssh, http,
// https, domain, smtp, ...); nullopt for anything else.
std::optional<uint16_t> ServicePort(std::string_view name);

// A port number "0".."65535", a service name `services` knows (from
// /etc/services), or one from ServicePort(). "*" is not accepted here:
// callers that allow a wildcard check it first.
base::Result<uint16_t> ParsePortText(std::string_view text,
                                     const ServiceLookup& services = nullptr);

// ADDR[/PREFIX][:PORT] where ADDR is IPv4, [IPv6], a bare IPv6 address (then
// without port), `*` or empty; PORT is a number, a service name or `*`.
// Also `*` alone and `unix:GLOB`.
base::Result<HostSpec> ParseHostSpec(std::string_view text,
                                     const ServiceLookup& services = nullptr);

}  // namespace sockscope::filter
