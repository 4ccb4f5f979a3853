// RequestPipeline: the pure request handler of one listener. It turns a
// parsed HTTP request into a response and touches no socket (the sessions do
// the I/O; see server.h). It runs in two halves: Screen() needs only the
// request's headers, so a session refuses a request before reading its body;
// Complete() runs the rest once the body is read.
//
//  Screen:
//   1. request id: the client's X-Request-Id when acceptable, else a new one;
//   2. route lookup: 404 route_not_found, 405 method_not_allowed + Allow;
//   3. authentication on routes with a scope: 401 + WWW-Authenticate: Bearer,
//      then the scope: 403, then the key's rate limit: 429 rate_limited +
//      Retry-After (rate_limiter.h); requests without a valid key (open
//      routes, failed authentication) count against their client address's
//      limit instead: 429 (address_rate_limiter.h);
//  Complete:
//   4. the JSON body on routes that want one: 400 invalid_json;
//   5. the handler; a returned Status goes through the error table, an
//      exception (a bug) becomes a 500 and is logged;
//   6. X-Request-Id, Content-Type, Cache-Control: no-store on every response,
//      the error body rendered with the request id, keep-alive as requested;
//   7. http_requests_total{route,method,status} and
//      http_request_duration_seconds{route}, labelled by the route template
//      ("unmatched" when none matched), and one access-log line (with the
//      verified client certificate's CN on mutual TLS listeners).
//
// A session runs Screen(), then Prepare() (step 4) on its I/O thread, and
// Respond() (steps 5-7) there too when the route says the request cannot
// block (RouteOptions::may_block), else on a worker thread.
//
// Thread-safe: every method is const and runs on many threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/http/address_rate_limiter.h"
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
  // Never reused in a process: what a thread remembers of one HttpMetrics
  // cannot be taken for another's, wherever that one is allocated.
  const uint64_t id;
};

inline constexpr std::string_view kUnmatchedRoute = "unmatched";

// The limiters a pipeline applies; null: not limited that way.
struct PipelineLimiters {
  const RateLimiter* per_key = nullptr;
  const AddressRateLimiter* per_address = nullptr;
};

// What Screen() decided from a request's headers: a refusal to send as it
// is, or the route to run on the body.
struct Admission {
  std::chrono::steady_clock::time_point start;
  Request request;  // everything but the headers, body and JSON
  const Route* route = nullptr;
  std::string_view route_label = kUnmatchedRoute;  // points into the router
  std::string method_name;
  unsigned version = 11;
  bool keep_alive = true;
  std::optional<Response> refusal;

  bool refused() const { return refusal.has_value(); }
  // The request presented a valid API key.
  bool authenticated() const { return request.api_key != nullptr; }
};

class RequestPipeline {
 public:
  // The router, authenticator, metrics and limiters must outlive the pipeline.
  RequestPipeline(const Router& router, const ApiKeyAuthenticator& keys, HttpMetrics& metrics,
                  PipelineLimiters limiters = {});

  // Screen and Complete in one call. `client_address` as AddressKey() makes
  // it; "" (tests that build requests by hand): no per-address limit.
  RawResponse Handle(RawRequest request, std::string_view client_address = {},
                     std::shared_ptr<const ClientCertificate> client_certificate = nullptr) const;

  // Steps 1-3 from the request line and headers; reads no body. Cheap and
  // non-blocking: sessions call it on the I/O thread. `client_certificate`:
  // what the connection's TLS handshake verified (null: none), handed to the
  // handler as Request::client_certificate. `auth_memo`: the connection's
  // (null: none; see AuthMemo).
  Admission Screen(const RawRequest& header, std::string_view client_address,
                   std::shared_ptr<const ClientCertificate> client_certificate = nullptr,
                   AuthMemo* auth_memo = nullptr) const;
  // Prepare, then Respond.
  RawResponse Complete(Admission admission, RawRequest raw) const;
  // Step 4: moves `raw` (the request Screen() saw, now with its body) into
  // admission.request and parses the JSON body; a bad body becomes the
  // admission's refusal. Cheap, never blocks.
  void Prepare(Admission& admission, RawRequest& raw) const;
  // Whether Respond() may wait on this prepared admission (a refusal never does).
  bool MayBlock(const Admission& admission) const;
  // The response: the refusal, or steps 5-7 on a prepared admission. Takes
  // what it needs from `admission` (its refusal), which is spent afterwards.
  RawResponse Respond(Admission& admission) const;

  // The response to a request the session could not read (400, 408, 413,
  // 431): a JSON error with a new request id and "Connection: close".
  RawResponse Reject(boost::beast::http::status status, std::string code, std::string message,
                     unsigned http_version = 11) const;

 private:
  std::optional<Response> Admit(const RawRequest& header, std::string_view client_address,
                                AuthMemo* auth_memo, Admission& admission) const;
  static std::optional<Response> ParseBody(const Route& route, RawRequest& raw, Request& request);
  static Response Run(const Route& route, const Request& request);
  RawResponse Finish(Response response, const std::string& request_id, unsigned version,
                     bool keep_alive) const;
  void Record(std::string_view route, Verb method, const RawResponse& response,
              double seconds) const;

  const Router& router_;
  const ApiKeyAuthenticator& keys_;
  HttpMetrics& metrics_;
  PipelineLimiters limiters_;
};

}  // namespace mg::http
