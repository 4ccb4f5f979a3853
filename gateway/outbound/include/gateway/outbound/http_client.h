// HttpClient: the outbound HTTP/1.1 client every provider adapter uses.
//
//  * http:// and https:// URLs. TLS verifies the peer certificate against
//    the system trust store (or `ca_file`) and the host name (RFC 6125, via
//    SSL_set1_host), and sends SNI. Verification is on unless a test turns
//    it off explicitly.
//  * Keep-alive: up to `max_idle_per_host` idle connections per
//    (scheme, host, port) are kept and reused; a pooled connection that the
//    peer closed, or that sat idle longer than `idle_timeout`, is dropped
//    before use.
//  * Timeouts: `connect_timeout` bounds resolve + TCP connect + TLS
//    handshake; `read_timeout` bounds writing the request and reading the
//    whole response.
//  * The result says whether the request can have reached the server: a
//    failure while resolving, connecting or handshaking is kNotSent (safe to
//    retry anywhere); a failure after the first byte of the request was
//    handed to the socket is kAmbiguous (the server may have acted on it).
//
// Threading: Send() is synchronous and safe to call from many threads at
// once. Each connection owns its own io_context, driven only by the thread
// that currently holds the connection; the pool is guarded by a mutex.
// An HttpClient is built once (from config) and shared by an adapter.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mg::outbound {

struct HttpClientOptions {
  // Resolve + connect + TLS handshake. Default: 5 s.
  std::chrono::milliseconds connect_timeout{5000};
  // Write the request and read the whole response. Default: 30 s.
  std::chrono::milliseconds read_timeout{30000};
  // PEM file of trusted CA certificates; empty: the system trust store.
  std::string ca_file{};
  // Client certificate chain and key (PEM) for mutual TLS (API Pix PSPs);
  // empty: none.
  std::string client_cert_file{};
  std::string client_key_file{};
  // Default: true. Only tests against a throwaway server may turn it off.
  bool verify_peer = true;
  // Idle keep-alive connections kept per host; 0 disables reuse. Default:
  // 64, as many as the gateway's handler threads can hold at once. A smaller
  // pool closes the surplus after every burst, and the next burst pays a
  // fresh connect (and leaves sockets in TIME_WAIT): with 4, a purchase load
  // on 64 handler threads opened a connection for most calls.
  std::size_t max_idle_per_host = 64;
  // A pooled connection idle longer than this is closed. Default: 30 s.
  std::chrono::milliseconds idle_timeout{30000};
  // Largest response body accepted. Default: 1 MiB.
  std::size_t max_response_bytes = 1 << 20;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE
  std::string url{};           // absolute: https://api.example.com/v1/charges?x=1
  HttpHeaders headers{};       // Host, Content-Length and Connection are set by the client
  std::string body{};
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers{};
  std::string body{};

  // First header with that name (case-insensitive); empty when absent.
  std::string_view Header(std::string_view name) const;
};

struct HttpResult {
  enum class Kind {
    kResponse,   // a complete HTTP response arrived (any status code)
    kNotSent,    // failed before any byte of the request was sent
    kAmbiguous,  // failed after sending began: the server may have acted
  };
  Kind kind = Kind::kNotSent;
  HttpResponse response{};  // kResponse only
  std::string error{};      // kNotSent / kAmbiguous: what failed ("read timeout")

  bool ok() const { return kind == Kind::kResponse; }
};

class HttpClient {
 public:
  // Fails (kInvalidArgument) when the CA file, the client certificate or its
  // key cannot be loaded (or only one of the two is given), naming the file.
  static Result<std::shared_ptr<HttpClient>> Create(HttpClientOptions options);

  virtual ~HttpClient() = default;

  // Sends `request` and waits for the answer within the timeouts.
  // A malformed URL yields kNotSent with the parse error.
  virtual HttpResult Send(const HttpRequest& request) const = 0;

  // Connections currently idle in the pool (all hosts), for tests and metrics.
  virtual std::size_t IdleConnections() const = 0;
  // Connections opened since creation, for tests and metrics.
  virtual std::size_t ConnectionsOpened() const = 0;
};

}  // namespace mg::outbound
