// Fuzzes the HTTP request reader: raw bytes through Boost.Beast's request
// parser configured as a session configures it (session.cc: header and body
// limits from HttpLimits' defaults), then every complete request through a
// RequestPipeline with routes of each shape the gateway has: open, scoped
// with an API key, path parameters, query parameters, headers, JSON body.
// Seeds carry "Authorization: Bearer mg_fuzz_key" so that the fuzzer gets
// past authentication.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <string>

#include "base/crypto.h"
#include "base/log.h"
#include "gateway/http/limits.h"
#include "gateway/http/pipeline.h"

namespace {

namespace http = mg::http;
namespace beast_http = boost::beast::http;

// A handler that reads every part of the request the gateway's handlers read.
mg::Result<http::Response> Echo(const http::Request& request) {
  boost::json::object out;
  out["route"] = request.route;
  out["code"] = request.PathParam("code");
  out["provider"] = request.PathParam("provider");
  out["locale"] = request.QueryParam("locale").value_or("");
  boost::json::array query;
  for (const auto& [name, value] : request.query) query.push_back({name, value});
  out["query"] = std::move(query);
  out["accept_language"] = request.Header(beast_http::field::accept_language);
  out["idempotency_key"] = request.Header("Idempotency-Key");
  out["body_bytes"] = request.body.size();
  out["json"] = request.json;
  return http::JsonResponse(out);
}

struct Gateway {
  Gateway() {
    using http::Scope;
    using http::Verb;
    (void)router.Add(Verb::get, "/healthz", {}, &Echo);
    (void)router.Add(Verb::get, "/v1/markets/{code}", {.scope = Scope::kRead}, &Echo);
    (void)router.Add(Verb::post, "/v1/quotes",
                     {.scope = Scope::kPurchases, .or_scope = Scope::kAds, .json_body = true},
                     &Echo);
    (void)router.Add(Verb::get, "/v1/purchases/{id}", {.scope = Scope::kPurchases}, &Echo);
    (void)router.Add(Verb::post, "/v1/webhooks/{provider}", {}, &Echo);
  }

  http::Router router;
  http::ApiKeyAuthenticator keys{{http::ApiKey{
      .name = "fuzz",
      .sha256 = mg::Sha256("mg_fuzz_key"),
      .scopes = {http::Scope::kRead, http::Scope::kPurchases},
  }}};
  http::MetricsRegistry registry;
  http::HttpMetrics metrics{registry};
  http::RequestPipeline pipeline{router, keys, metrics};
};

// As session.cc reads a request: the whole message, within the limits.
bool ReadRequest(const uint8_t* data, size_t size, http::RawRequest& out) {
  static const http::HttpLimits kLimits;
  beast_http::request_parser<beast_http::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(kLimits.max_header_bytes));
  parser.body_limit(kLimits.max_body_bytes);
  parser.eager(true);
  boost::asio::const_buffer input(data, size);
  boost::beast::error_code error;
  while (!parser.is_done() && input.size() > 0) {
    const size_t used = parser.put(input, error);
    input += used;
    // The parser has seen every byte and waits for more, which this client
    // never sends. Beast's reads never present the same bytes again after
    // need_more (they read more first); neither may this loop.
    if (error == beast_http::error::need_more) {
      error = {};
      break;
    }
    if (error) return false;
    if (used == 0) break;
  }
  if (!parser.is_done()) {
    // The client closed the connection: quietly before its first byte (the
    // session reads nothing), else the parser decides (put_eof).
    if (!parser.got_some()) return false;
    parser.put_eof(error);
    if (error || !parser.is_done()) return false;
  }
  out = parser.release();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Gateway* gateway = [] {
    mg::SetLogLevel(mg::LogLevel::kError);  // no access-log line per input
    return new Gateway;
  }();
  http::RawRequest request;
  if (!ReadRequest(data, size, request)) return 0;
  (void)gateway->pipeline.Handle(std::move(request));
  return 0;
}
