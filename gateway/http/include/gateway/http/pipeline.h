// RequestPipeline: the pure request handler of one listener. It turns a
// parsed HTTP request into a response and touches no socket (the sessions do
// the I/O; see server.h):
//
//   1. request id: the client's X-Request-Id when acceptable, else a new one;
//   2. route lookup: 404 route_not_found, 405 method_not_allowed + Allow;
//   3. authentication on routes with a scope: 401 + WWW-Authenticate: Bearer,
//      then the scope: 403, then the key's rate limit: 429 rate_limited +
//      Retry-After (rate_limiter.h);
//   4. the JSON body on routes that want one: 400 invalid_json;
//   5. the handler; a returned Status goes through the error table, an
//      exception (a bug) becomes a 500 and is logged;
//   6. X-Request-Id, Content-Type, Cache-Control: no-store on every response,
//      the error body rendered with the request id, keep-alive as requested;
//   7. http_requests_total{route,method,status} and
//      http_request_duration_seconds{route}, labelled by the route template
//      ("unmatched" when none matched), and one access-log line.
//
// Thread-safe: Handle() is const and runs on many worker threads at once.
#pragma once

#include <string>
#include <string_view>

#include "gateway/http/auth.h"
#include "gateway/http/metrics.h"
#include "gateway/http/rate_limiter.h"
#include "gateway/http/request.h"
#include "gateway/http/router.h"

namespace mg::http {

// The families every listener records into; registered once per registry.
struct HttpMetrics {
  explicit HttpMetrics(MetricsRegistry& registry);

  CounterFamily& requests;    // http_requests_total{route,method,status}
  HistogramFamily& duration;  // http_request_duration_seconds{route}
};

inline constexpr std::string_view kUnmatchedRoute = "unmatched";

class RequestPipeline {
 public:
  // The router, authenticator, metrics and rate limiter must outlive the
  // pipeline. No rate limiter: requests are not limited.
  RequestPipeline(const Router& router, const ApiKeyAuthenticator& keys, HttpMetrics& metrics,
                  const RateLimiter* rate_limiter = nullptr);

  RawResponse Handle(RawRequest request) const;

  // The response to a request the session could not read (400, 408, 413,
  // 431): a JSON error with a new request id and "Connection: close".
  RawResponse Reject(boost::beast::http::status status, std::string code, std::string message,
                     unsigned http_version = 11) const;

 private:
  Response Dispatch(RawRequest& raw, Request& request, std::string& route_label) const;
  RawResponse Finish(Response response, const std::string& request_id, unsigned version,
                     bool keep_alive) const;
  void Record(std::string_view route, Verb method, const RawResponse& response,
              double seconds) const;

  const Router& router_;
  const ApiKeyAuthenticator& keys_;
  HttpMetrics& metrics_;
  const RateLimiter* rate_limiter_;
};

}  // namespace mg::http
