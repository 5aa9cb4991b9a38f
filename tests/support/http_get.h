// HttpGet: a minimal blocking HTTP/1.1 GET with one overall deadline, for
// the exporter's tests (test support: not part of the program)
// (the server closes every connection after one response, so the body is
// everything until EOF; a chunked body, as Prometheus sends one beyond a
// few kilobytes, is decoded). Thread-safe: no shared state.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace sockscope::testing {

struct HttpGetResult {
  int status = 0;
  std::string head;  // status line and header fields
  std::string body;
};

// GET http://address:port/path with extra header lines ("Name: value").
// kTimeout when the whole exchange does not finish in `timeout`.
base::Result<HttpGetResult> HttpGet(const std::string& address, uint16_t port,
                                    const std::string& path, std::chrono::milliseconds timeout,
                                    const std::vector<std::string>& extra_headers = {});

}  // namespace sockscope::testing
