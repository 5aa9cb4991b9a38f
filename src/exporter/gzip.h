// gzip for /metrics: a scrape of a container host with thousands of listener
// series is megabytes of repetitive text (tests/unit/exporter asserts at
// least fivefold on listener series). zlib (Debian's
// zlib1g) does the work. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sockscope::exporter {

// Whether an Accept-Encoding value admits gzip ("gzip", "gzip;q=0.5",
// "deflate, gzip"; not "gzip;q=0" nor "identity").
bool AcceptsGzip(std::string_view accept_encoding);

// `data` as one gzip member; nullopt if zlib fails (then send it as is).
std::optional<std::string> Gzip(std::string_view data);

}  // namespace sockscope::exporter
