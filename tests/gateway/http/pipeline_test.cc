#include "gateway/http/pipeline.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>
#include <vector>

#include "base/crypto.h"
#include "gateway/http/error_mapping.h"

namespace mg::http {
namespace {

using boost::beast::http::field;
using boost::beast::http::status;

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest()
      : keys_({ApiKey{"reader", Sha256("sk_read"), {Scope::kRead}},
               ApiKey{"buyer", Sha256("sk_buy"), {Scope::kRead, Scope::kPurchases}}}),
        http_metrics_(metrics_),
        pipeline_(router_, keys_, http_metrics_) {
    Add(Verb::get, "/open/{name}", {}, [](const Request& request) -> Result<Response> {
      boost::json::object body;
      body["name"] = request.PathParam("name");
      body["route"] = request.route;
      body["q"] = std::string(request.QueryParam("q").value_or("-"));
      return JsonResponse(body);
    });
    Add(Verb::post, "/v1/orders", {.scope = Scope::kPurchases, .json_body = true},
        [](const Request& request) -> Result<Response> {
          boost::json::object body;
          body["echo"] = request.json;
          body["key"] = request.api_key->name;
          return JsonResponse(body, status::created);
        });
    Add(Verb::get, "/fail/{code}", {}, [](const Request& request) -> Result<Response> {
      if (request.PathParam("code") == "throw") throw std::runtime_error("boom");
      if (request.PathParam("code") == "limited") {
        return ErrorResponse(Status(ErrorCode::kRateLimited, "slow down"))
            .WithHeader("Retry-After", "30");
      }
      return Status(ErrorCode::kComplianceDenied, "denied by de.youth.limit", "items");
    });
  }

  void Add(Verb verb, std::string_view path, RouteOptions options, Handler handler) {
    ASSERT_TRUE(router_.Add(verb, path, options, std::move(handler)).ok());
  }

  RawResponse Call(Verb verb, std::string target, std::string authorization = {},
                   std::string body = {}) {
    return CallWith(pipeline_, verb, std::move(target), std::move(authorization), std::move(body));
  }

  static RawResponse CallWith(const RequestPipeline& pipeline, Verb verb, std::string target,
                              std::string authorization = {}, std::string body = {}) {
    RawRequest request{verb, target, 11};
    if (!authorization.empty()) request.set(field::authorization, authorization);
    if (!body.empty()) {
      request.set(field::content_type, "application/json");
      request.body() = body;
      request.prepare_payload();
    }
    return pipeline.Handle(std::move(request));
  }

  static boost::json::object Json(const RawResponse& response) {
    return boost::json::parse(response.body()).as_object();
  }

  Router router_;
  ApiKeyAuthenticator keys_;
  MetricsRegistry metrics_;
  HttpMetrics http_metrics_;
  RequestPipeline pipeline_;
};

TEST_F(PipelineTest, RoutesToTheHandlerWithParamsAndQuery) {
  RawResponse response = Call(Verb::get, "/open/caf%C3%A9?q=a%20b&x=1");
  EXPECT_EQ(response.result(), status::ok);
  EXPECT_EQ(response[field::content_type], "application/json");
  EXPECT_EQ(response[field::cache_control], "no-store");
  EXPECT_EQ(response.keep_alive(), true);
  EXPECT_EQ(response.count(field::connection), 0u);  // HTTP/1.1 persists by default
  EXPECT_EQ(response.count(field::server), 0u);      // the software is not announced
  auto body = Json(response);
  EXPECT_EQ(body.at("name"), "café");
  EXPECT_EQ(body.at("route"), "/open/{name}");
  EXPECT_EQ(body.at("q"), "a b");
}

TEST_F(PipelineTest, EveryResponseHasARequestId) {
  RawResponse generated = Call(Verb::get, "/open/x");
  EXPECT_EQ(generated["X-Request-Id"].size(), 32u);

  RawRequest request{Verb::get, "/open/x", 11};
  request.set("X-Request-Id", "client-trace-1");
  EXPECT_EQ(pipeline_.Handle(std::move(request))["X-Request-Id"], "client-trace-1");

  RawResponse not_found = Call(Verb::get, "/nowhere");
  EXPECT_EQ(Json(not_found).at("request_id"), not_found["X-Request-Id"]);
}

TEST_F(PipelineTest, UnknownRouteIs404Json) {
  RawResponse response = Call(Verb::get, "/nowhere");
  EXPECT_EQ(response.result(), status::not_found);
  EXPECT_EQ(response[field::content_type], "application/json");
  EXPECT_EQ(Json(response).at("error").at("code"), "route_not_found");
}

TEST_F(PipelineTest, WrongMethodIs405WithAllow) {
  RawResponse response = Call(Verb::delete_, "/v1/orders");
  EXPECT_EQ(response.result(), status::method_not_allowed);
  EXPECT_EQ(response[field::allow], "POST");
  EXPECT_EQ(Json(response).at("error").at("code"), "method_not_allowed");
}

TEST_F(PipelineTest, MissingOrBadKeyIs401) {
  for (std::string auth : {"", "Bearer nope"}) {
    RawResponse response = Call(Verb::post, "/v1/orders", auth, "{}");
    EXPECT_EQ(response.result(), status::unauthorized) << auth;
    EXPECT_EQ(response[field::www_authenticate], "Bearer realm=\"marketgate\"");
    EXPECT_EQ(Json(response).at("error").at("type"), "authentication_error");
  }
}

TEST_F(PipelineTest, MissingScopeIs403) {
  RawResponse response = Call(Verb::post, "/v1/orders", "Bearer sk_read", "{}");
  EXPECT_EQ(response.result(), status::forbidden);
  EXPECT_EQ(Json(response).at("error").at("code"), "permission_denied");
}

TEST_F(PipelineTest, JsonBodyIsParsedForTheHandler) {
  RawResponse response = Call(Verb::post, "/v1/orders", "Bearer sk_buy", R"({"sku":"coins_70"})");
  EXPECT_EQ(response.result(), status::created);
  auto body = Json(response);
  EXPECT_EQ(body.at("echo").at("sku"), "coins_70");
  EXPECT_EQ(body.at("key"), "buyer");
}

TEST_F(PipelineTest, MalformedJsonIs400InvalidJson) {
  RawResponse response = Call(Verb::post, "/v1/orders", "Bearer sk_buy", R"({"sku": )");
  EXPECT_EQ(response.result(), status::bad_request);
  auto error = Json(response).at("error").as_object();
  EXPECT_EQ(error.at("code"), "invalid_json");
  EXPECT_NE(std::string(error.at("message").as_string()).find("invalid JSON"), std::string::npos);
}

TEST_F(PipelineTest, NonJsonContentTypeIs415) {
  RawRequest request{Verb::post, "/v1/orders", 11};
  request.set(field::authorization, "Bearer sk_buy");
  request.set(field::content_type, "text/plain");
  request.body() = "{}";
  request.prepare_payload();
  EXPECT_EQ(pipeline_.Handle(std::move(request)).result(), status::unsupported_media_type);
}

TEST_F(PipelineTest, ReturnedStatusGoesThroughTheTable) {
  RawResponse response = Call(Verb::get, "/fail/denied");
  EXPECT_EQ(response.result(), status::unprocessable_entity);
  auto error = Json(response).at("error").as_object();
  EXPECT_EQ(error.at("type"), "compliance_error");
  EXPECT_EQ(error.at("code"), "compliance_denied");
  EXPECT_EQ(error.at("param"), "items");
}

TEST_F(PipelineTest, HandlerMayOverrideRetryAfter) {
  RawResponse response = Call(Verb::get, "/fail/limited");
  EXPECT_EQ(response.result(), status::too_many_requests);
  EXPECT_EQ(response[field::retry_after], "30");
}

TEST_F(PipelineTest, ExceptionsBecome500WithoutDetails) {
  RawResponse response = Call(Verb::get, "/fail/throw");
  EXPECT_EQ(response.result(), status::internal_server_error);
  EXPECT_EQ(response.body().find("boom"), std::string::npos);
}

TEST_F(PipelineTest, MalformedTargetIs400) {
  EXPECT_EQ(Call(Verb::get, "http://example.com/open/x").result(), status::bad_request);
  EXPECT_EQ(Call(Verb::get, "/open/a%zz").result(), status::bad_request);
  EXPECT_EQ(Call(Verb::get, "*").result(), status::bad_request);
}

// A plain target (no escapes, no query) skips the URL parser; it must reach
// the handler as the parsed form of the same target does.
TEST_F(PipelineTest, PlainTargetsReachTheHandlerAsParsedOnes) {
  for (std::string_view target : {"/open/x.y", "/open/x%2Ey", "/open/x.y?"}) {
    RawResponse response = Call(Verb::get, std::string(target));
    ASSERT_EQ(response.result(), status::ok) << target;
    EXPECT_EQ(Json(response).at("name"), "x.y") << target;
    EXPECT_EQ(Json(response).at("route"), "/open/{name}") << target;
  }
}

TEST_F(PipelineTest, KeepAliveFollowsTheRequest) {
  RawRequest request{Verb::get, "/open/x", 11};
  request.keep_alive(false);
  RawResponse closing = pipeline_.Handle(std::move(request));
  EXPECT_FALSE(closing.keep_alive());
  EXPECT_EQ(closing[field::connection], "close");
  // HTTP/1.0 closes unless both sides say keep-alive.
  RawRequest old_persistent{Verb::get, "/open/x", 10};
  old_persistent.keep_alive(true);
  RawResponse kept = pipeline_.Handle(std::move(old_persistent));
  EXPECT_TRUE(kept.keep_alive());
  EXPECT_EQ(kept[field::connection], "keep-alive");
  EXPECT_FALSE(pipeline_.Handle(RawRequest{Verb::get, "/open/x", 10}).keep_alive());
}

// Sessions end a connection after a response exactly when it is not
// keep-alive, which holds because every response states its length.
TEST_F(PipelineTest, EveryResponseStatesItsLength) {
  RawRequest closing{Verb::get, "/open/x", 11};
  closing.keep_alive(false);
  RawRequest old_client{Verb::get, "/open/x", 10};
  std::vector<RawResponse> responses;
  responses.push_back(Call(Verb::get, "/open/x"));
  responses.push_back(Call(Verb::get, "/nowhere"));
  responses.push_back(Call(Verb::delete_, "/open/x"));
  responses.push_back(Call(Verb::post, "/v1/orders", "sk_read", "{}"));
  responses.push_back(Call(Verb::post, "/v1/orders", "sk_buy", "{"));
  responses.push_back(Call(Verb::post, "/v1/orders", "sk_buy", R"({"a":1})"));
  responses.push_back(Call(Verb::get, "/fail/throw"));
  responses.push_back(pipeline_.Handle(std::move(closing)));
  responses.push_back(pipeline_.Handle(std::move(old_client)));
  responses.push_back(pipeline_.Reject(status::request_timeout, "timeout", "too slow"));
  for (const RawResponse& response : responses) {
    EXPECT_TRUE(response.has_content_length()) << response.result_int();
    EXPECT_EQ(response.need_eof(), !response.keep_alive()) << response.result_int();
  }
  EXPECT_TRUE(responses.front().keep_alive());
  EXPECT_FALSE(responses[7].keep_alive());
  EXPECT_FALSE(responses.back().keep_alive());
}

TEST_F(PipelineTest, RejectClosesTheConnection) {
  RawResponse response = pipeline_.Reject(status::payload_too_large, "body_too_large", "big");
  EXPECT_EQ(response.result(), status::payload_too_large);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(Json(response).at("error").at("code"), "body_too_large");
}

TEST_F(PipelineTest, RateLimitsApplyPerKeyAfterAuthenticationAndScope) {
  RateLimitConfig config;
  config.per_key["buyer"] = RateLimit{1, 2};
  const auto now = std::chrono::steady_clock::time_point(std::chrono::seconds(100));
  RateLimiter limiter(config, keys_.keys(), [now] { return now; });
  RequestPipeline limited(router_, keys_, http_metrics_, PipelineLimiters{&limiter});
  const std::string buyer = "Bearer sk_buy";

  EXPECT_EQ(CallWith(limited, Verb::post, "/v1/orders", buyer, "{}").result(), status::created);
  EXPECT_EQ(CallWith(limited, Verb::post, "/v1/orders", buyer, "{}").result(), status::created);
  // The wrong scope and a bad key are answered before the limiter: no token taken, no 429.
  EXPECT_EQ(CallWith(limited, Verb::post, "/v1/orders", "Bearer sk_read", "{}").result(),
            status::forbidden);
  EXPECT_EQ(CallWith(limited, Verb::post, "/v1/orders", "Bearer nope", "{}").result(),
            status::unauthorized);

  RawResponse refused = CallWith(limited, Verb::post, "/v1/orders", buyer, "{}");
  EXPECT_EQ(refused.result(), status::too_many_requests);
  EXPECT_EQ(refused["Retry-After"], "1");
  EXPECT_EQ(refused[field::content_type], "application/json");
  auto body = Json(refused);
  EXPECT_EQ(body.at("error").at("code"), "rate_limited");
  EXPECT_EQ(body.at("error").at("type"), "rate_limit_error");
  EXPECT_EQ(body.at("request_id").as_string(), refused["X-Request-Id"]);
  // Routes without a scope are not limited; nor is a key without a limit.
  EXPECT_EQ(CallWith(limited, Verb::get, "/open/x").result(), status::ok);
  EXPECT_EQ(CallWith(limited, Verb::get, "/open/x", "Bearer sk_read").result(), status::ok);
  std::string text = metrics_.RenderText();
  EXPECT_NE(text.find("route=\"/v1/orders\",method=\"POST\",status=\"429\"} 1"), std::string::npos)
      << text;
}

// A thread remembers which metric children it recorded into; each pipeline's
// registry must still count exactly its own requests, by status and method,
// including a registry made where an earlier one was freed.
TEST_F(PipelineTest, EachRegistryCountsItsOwnRequests) {
  auto has = [](const std::string& text, const std::string& line) {
    return text.find(line) != std::string::npos;
  };
  Call(Verb::get, "/open/a");
  Call(Verb::get, "/fail/limited");
  Call(Verb::get, "/fail/denied");
  Call(Verb::post, "/open/a");
  for (int round = 0; round < 3; ++round) {
    MetricsRegistry other;
    HttpMetrics other_metrics(other);
    RequestPipeline other_pipeline(router_, keys_, other_metrics);
    for (int i = 0; i <= round; ++i) CallWith(other_pipeline, Verb::get, "/open/b");
    CallWith(other_pipeline, Verb::get, "/fail/limited");
    const std::string text = other.RenderText();
    EXPECT_TRUE(
        has(text, "http_requests_total{route=\"/open/{name}\",method=\"GET\",status=\"200\"} " +
                      std::to_string(round + 1)))
        << text;
    EXPECT_TRUE(has(text, "{route=\"/fail/{code}\",method=\"GET\",status=\"429\"} 1")) << text;
    EXPECT_FALSE(has(text, "status=\"422\"")) << text;
    EXPECT_FALSE(has(text, "status=\"405\"")) << text;
  }
  Call(Verb::get, "/open/c");
  const std::string text = metrics_.RenderText();
  EXPECT_TRUE(has(text, "{route=\"/open/{name}\",method=\"GET\",status=\"200\"} 2")) << text;
  EXPECT_TRUE(has(text, "{route=\"/fail/{code}\",method=\"GET\",status=\"429\"} 1")) << text;
  EXPECT_TRUE(has(text, "{route=\"/fail/{code}\",method=\"GET\",status=\"422\"} 1")) << text;
  EXPECT_TRUE(has(text, "{route=\"/open/{name}\",method=\"POST\",status=\"405\"} 1")) << text;
  EXPECT_TRUE(has(text, "http_request_duration_seconds_count{route=\"/open/{name}\"} 3")) << text;
  EXPECT_TRUE(has(text, "http_request_duration_seconds_count{route=\"/fail/{code}\"} 2")) << text;
}

TEST_F(PipelineTest, MetricsUseTheRouteTemplate) {
  Call(Verb::get, "/open/a");
  Call(Verb::get, "/open/b");
  Call(Verb::get, "/nowhere/at/all");
  std::string text = metrics_.RenderText();
  EXPECT_NE(
      text.find("http_requests_total{route=\"/open/{name}\",method=\"GET\",status=\"200\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_duration_seconds_count{route=\"/open/{name}\"} 2"),
            std::string::npos);
  EXPECT_EQ(text.find("/open/a"), std::string::npos);
}

}  // namespace
}  // namespace mg::http
