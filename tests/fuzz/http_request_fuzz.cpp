// Fuzzes the exporter's hand-written HTTP request path: head delimiting,
// request-line and header parsing, header lookup, and --listen parsing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exporter/http_request.h"
#include "exporter/http_server.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto end = sockscope::exporter::FindHeadEnd(bytes)) {
    if (*end > bytes.size()) std::abort();  // the head cannot end past the bytes
    auto request = sockscope::exporter::ParseHttpRequest(bytes.substr(0, *end));
    if (request) {
      if (request->method.empty()) std::abort();  // a parsed request has a method
      (void)request->Header("x-prometheus-scrape-timeout-seconds");
      (void)request->Header("host");
    }
  }
  (void)sockscope::exporter::ParseHttpRequest(bytes);
  (void)sockscope::exporter::ParseListenAddress(bytes.substr(0, 64));
  return 0;
}
