// Per-connection limits of the HTTP server. Configured under `limits:` in the
// gateway config (docs/config.md); the defaults are the values below.
#pragma once

#include <chrono>
#include <cstddef>

namespace mg::http {

struct HttpLimits {
  // Request line plus headers. Larger: 431, connection closed. Default: 16 KiB.
  size_t max_header_bytes = 16 * 1024;
  // Request body. Larger: 413, connection closed. Default: 1 MiB.
  size_t max_body_bytes = 1024 * 1024;
  // Time a client has to send a complete request, counted from the moment the
  // server is ready to read it (after the previous response on a keep-alive
  // connection, so it is also the idle timeout), and time to write a response.
  // A partial request then gets 408; an idle connection is closed. Default: 30 s.
  std::chrono::milliseconds request_timeout{30'000};
  // Requests read ahead on one connection (HTTP/1.1 pipelining) before the
  // server stops reading until it has answered. Default: 8.
  size_t max_pipelined = 8;
  // On SIGTERM/SIGINT, time in-flight requests get to finish before the
  // process exits anyway. Default: 10 s.
  std::chrono::milliseconds shutdown_drain{10'000};
};

}  // namespace mg::http
