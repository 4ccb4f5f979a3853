// Per-connection and per-listener limits of the HTTP server. Configured under
// `limits:` in the gateway config (docs/config.md); the defaults below protect
// a pod with 512 MiB of memory (docs/security.md, "Limits").
#pragma once

#include <chrono>
#include <cstddef>

namespace mg::http {

struct HttpLimits {
  // Request line plus headers. Larger: 431, connection closed. Default: 16 KiB.
  size_t max_header_bytes = 16 * 1024;
  // Request body. Larger: 413, connection closed. Default: 1 MiB.
  size_t max_body_bytes = 1024 * 1024;
  // Bodies of all connections held in memory at once, from the moment a
  // request's headers announce one until its response is written. A request
  // whose body does not fit gets 503 + Retry-After before its body is read
  // (chunked bodies reserve max_body_bytes). Default: 64 MiB.
  size_t max_buffered_body_bytes = 64 * 1024 * 1024;
  // Open connections per listener (the admin listener counts its own, so ops
  // can still reach it when the public one is full). Beyond: 503 + Retry-After
  // and the connection is closed. Default: 1024.
  size_t max_connections = 1024;
  // Open connections per client address per listener. Beyond: 429 +
  // Retry-After and the connection is closed. Behind a proxy every client has
  // the proxy's address: raise this to max_connections. Default: 64.
  size_t max_connections_per_address = 64;
  // A keep-alive connection waiting for the first byte of its next request is
  // closed (quietly, no response) after this. Default: 30 s.
  std::chrono::milliseconds idle_timeout{30'000};
  // From a request's first byte to the end of its headers; also the TLS
  // handshake. Slower: 408, connection closed. Default: 10 s.
  std::chrono::milliseconds header_timeout{10'000};
  // From a request's first byte to the end of its body, and the time to write
  // a response. Slower: 408 (or the connection is closed while writing).
  // Default: 30 s.
  std::chrono::milliseconds request_timeout{30'000};
  // Requests read ahead on one connection (HTTP/1.1 pipelining) before the
  // server stops reading until it has answered. Until a request on the
  // connection has presented a valid API key, only one is read at a time, and
  // a request refused at its headers (401, 403, 404, 429) is answered without
  // reading its body. Default: 8.
  size_t max_pipelined = 8;
  // On SIGTERM/SIGINT, time in-flight requests get to finish before the
  // process exits anyway. Default: 10 s.
  std::chrono::milliseconds shutdown_drain{10'000};
};

}  // namespace mg::http
