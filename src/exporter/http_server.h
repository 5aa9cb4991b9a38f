// HttpServer: the small HTTP/1.1 server of `sockscope serve`. It serves GET
// requests without bodies, one request per connection (Connection: close),
// and is built so that no client can take it down:
//
// - One poller thread accepts connections and reads request heads for all of
//   them with poll(): a client that trickles its head (slowloris) costs a
//   slot in the poll set, not a thread. A head must arrive completely within
//   head_timeout and fit in max_head_bytes; a request with a body is refused
//   (413).
// - At most max_connections are open. A connection's age counts from its
//   handshake (the kernel dates it), not from when we accepted it. When full,
//   the poller evicts a connection still reading its head to make room: the
//   oldest one of the peer address holding the most connections, once it is
//   older than 500 ms, or 100 ms when that peer holds more than its budget
//   (max_connections_per_peer). When nothing may be evicted, it stops
//   accepting and new clients wait in the kernel's listen backlog. Each round
//   drains the whole backlog, so a scrape queued behind a thousand idle
//   connections is reached at once rather than 64 at a time.
// - accept4 failing with EMFILE/ENFILE (or ENOBUFS/ENOMEM) closes one
//   reading connection and stops polling the listener for 100 ms: the
//   listener stays readable, so retrying at once would spin a core.
// - A fixed pool of workers runs the handler and writes the response with a
//   write deadline. Handlers must bound their own run time (the exporter's
//   scrape deadline does).
//
// Errors are values; Start fails when the address cannot be bound. Stop and
// the destructor join every thread. Thread-safe: the handler is called from
// several workers at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "exporter/http_request.h"

namespace sockscope::exporter {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::string content_encoding = {};  // "gzip" when the body is compressed; "": identity
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal
  uint16_t port = 9977;               // 0: any free port (see HttpServer::port)
  unsigned workers = 8;
  unsigned max_connections = 64;
  // Connections one peer address may hold before its connections are
  // evicted first and fast; 0: max_connections / 2.
  unsigned max_connections_per_peer = 0;
  std::chrono::milliseconds head_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  size_t max_head_bytes = 8192;
};

struct HttpServerStats {
  uint64_t evicted = 0;          // connections closed to make room
  uint64_t accept_backoffs = 0;  // pauses after accept4 ran out of fds or memory
};

class HttpServer {
 public:
  static base::Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                         HttpHandler handler);
  virtual ~HttpServer() = default;
  // The bound port (the chosen one when options.port was 0).
  virtual uint16_t port() const = 0;
  // Counters for tests and diagnostics; thread-safe.
  virtual HttpServerStats stats() const = 0;
  // Stops accepting, closes open connections, joins threads. Idempotent.
  virtual void Stop() = 0;
};

// "127.0.0.1:9977", "[::1]:9977" -> address and port. kUsage otherwise.
base::Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view text);

// The reason phrase of the status codes the exporter uses.
std::string_view StatusText(int status);

}  // namespace sockscope::exporter
