// HttpRequest: the head of an HTTP/1.x request, parsed from the bytes the
// server collected. The exporter serves two GET paths and accepts no body,
// so this parser is deliberately small: request line, header fields, nothing
// else (no chunked bodies, no continuation lines).
//
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/deadline.h"
#include "base/result.h"

namespace sockscope::exporter {

struct HttpRequest {
  std::string method;   // "GET"
  std::string path;     // target without the query string: "/metrics"
  std::string version;  // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  // When the head was complete: handler deadlines count from here, so time
  // spent queued for a worker is part of the budget.
  base::Clock::time_point received_at{};

  // The first value of header `name` (lower case), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// Position just past the "\r\n\r\n" (or "\n\n") ending the head, or nullopt
// when the head is not complete yet.
std::optional<size_t> FindHeadEnd(std::string_view bytes);

// Parses a complete head (as delimited by FindHeadEnd). kMalformed on a bad
// request line or header field.
base::Result<HttpRequest> ParseHttpRequest(std::string_view head);

}  // namespace sockscope::exporter
