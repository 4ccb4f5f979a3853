// End-to-end tests of the HTTP server over real loopback sockets.
#include "gateway/http/server.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <future>

#include "http_test_support.h"

namespace mg::http {
namespace {

using boost::beast::http::field;
using boost::beast::http::status;
using testing::Fetch;
using testing::MakeRequest;
using testing::TestClient;
using testing::TestServer;

boost::json::value Json(const RawResponse& response) { return boost::json::parse(response.body()); }

std::string ErrorCodeOf(const RawResponse& response) {
  return std::string(Json(response).at("error").at("code").as_string());
}

TEST(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  TestServer server;
  TestClient client(server.port());
  ASSERT_TRUE(client.connected());
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/test/echo/one")));
  auto first = client.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->result(), status::ok);
  EXPECT_TRUE(first->keep_alive());
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/test/echo/two?q=x")));
  auto second = client.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(Json(*second).at("name"), "two");
  EXPECT_EQ(Json(*second).at("q"), "x");
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  TestServer server;
  TestClient client(server.port());
  std::string bytes;
  for (const char* name : {"a", "b", "c", "d"}) {
    bytes += "GET /test/echo/" + std::string(name) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }
  // The slow one first: the others wait behind it.
  bytes = "GET /test/slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n" + bytes;
  ASSERT_FALSE(client.SendRaw(bytes));
  auto slow = client.Read();
  ASSERT_TRUE(slow);
  EXPECT_EQ(Json(*slow).at("slept_ms"), 100);
  for (const char* name : {"a", "b", "c", "d"}) {
    auto response = client.Read();
    ASSERT_TRUE(response) << name;
    EXPECT_EQ(Json(*response).at("name"), name);
  }
}

TEST(ServerTest, PipelineBoundStillAnswersEverything) {
  TestServer::Options options;
  options.limits.max_pipelined = 1;
  TestServer server(options);
  TestClient client(server.port());
  std::string bytes;
  for (int i = 0; i < 5; ++i) {
    bytes += "GET /test/echo/n" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }
  ASSERT_FALSE(client.SendRaw(bytes));
  for (int i = 0; i < 5; ++i) {
    auto response = client.Read();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(Json(*response).at("name").as_string(), ("n" + std::to_string(i)).c_str());
  }
}

TEST(ServerTest, OversizedBodyIs413AndCloses) {
  TestServer::Options options;
  options.limits.max_body_bytes = 64;
  TestServer server(options);
  TestClient client(server.port());
  std::string body = "{\"x\":\"" + std::string(100, 'a') + "\"}";
  ASSERT_FALSE(client.Send(MakeRequest(Verb::post, "/test/body", "", body)));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::payload_too_large);
  EXPECT_EQ(ErrorCodeOf(*response), "body_too_large");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.ReadsEof());
  // Within the limit it works.
  auto small = Fetch(server.port(), Verb::post, "/test/body", "", R"({"x":1})");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->result(), status::ok);
}

TEST(ServerTest, OversizedHeaderIs431) {
  TestServer::Options options;
  options.limits.max_header_bytes = 1024;
  TestServer server(options);
  TestClient client(server.port());
  RawRequest request = MakeRequest(Verb::get, "/test/echo/x");
  request.set("X-Padding", std::string(2048, 'p'));
  ASSERT_FALSE(client.Send(request));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::request_header_fields_too_large);
  EXPECT_EQ(ErrorCodeOf(*response), "header_too_large");
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, PartialRequestTimesOutWith408) {
  TestServer::Options options;
  options.limits.request_timeout = std::chrono::milliseconds(300);
  TestServer server(options);
  TestClient client(server.port());
  ASSERT_FALSE(client.SendRaw("GET /test/echo/x HTTP/1.1\r\nHost: x\r\n"));  // no blank line
  auto start = std::chrono::steady_clock::now();
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::request_timeout);
  EXPECT_EQ(ErrorCodeOf(*response), "request_timeout");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, IdleConnectionIsClosedAfterTheTimeout) {
  TestServer::Options options;
  options.limits.idle_timeout = std::chrono::milliseconds(300);
  TestServer server(options);
  TestClient client(server.port());
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/test/echo/x")));
  ASSERT_TRUE(client.Read());
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerTest, SlowHandlerIsNotCutByTheReadTimeout) {
  TestServer::Options options;
  options.limits.request_timeout = std::chrono::milliseconds(200);
  TestServer server(options);
  auto response = Fetch(server.port(), Verb::get, "/test/slow?ms=500");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::ok);
}

// Routes that cannot block are answered on the I/O thread; the others wait
// for a worker. With the only worker asleep, the first still answer at once
// and the second wait for it.
TEST(ServerTest, ARouteThatCannotBlockDoesNotWaitForABusyWorker) {
  TestServer::Options options;
  options.io_threads = 1;
  options.worker_threads = 1;
  TestServer server(options);
  auto slow = std::async(std::launch::async,
                         [&] { return Fetch(server.port(), Verb::get, "/test/slow?ms=1500"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker is asleep

  const auto start = std::chrono::steady_clock::now();
  auto inline_answer = Fetch(server.port(), Verb::get, "/test/inline/now");
  const auto inline_took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(inline_answer);
  EXPECT_EQ(inline_answer->result(), status::ok);
  EXPECT_EQ(Json(*inline_answer).at("name"), "now");
  EXPECT_LT(inline_took, std::chrono::milliseconds(900));

  auto queued = Fetch(server.port(), Verb::get, "/test/echo/later");
  const auto queued_took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->result(), status::ok);
  EXPECT_GE(queued_took, std::chrono::milliseconds(1000));  // behind the sleeping worker
  auto slept = slow.get();
  ASSERT_TRUE(slept);
  EXPECT_EQ(slept->result(), status::ok);
}

TEST(ServerTest, MalformedRequestIs400) {
  TestServer server;
  TestClient client(server.port());
  ASSERT_FALSE(client.SendRaw("GET /x HTTP/1.1\r\nBad Header\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::bad_request);
  EXPECT_EQ(ErrorCodeOf(*response), "bad_request");
}

TEST(ServerTest, UnknownRouteAndWrongMethodAreJson) {
  TestServer server;
  auto not_found = Fetch(server.port(), Verb::get, "/nope");
  ASSERT_TRUE(not_found);
  EXPECT_EQ(not_found->result(), status::not_found);
  EXPECT_EQ((*not_found)[field::content_type], "application/json");
  EXPECT_EQ(ErrorCodeOf(*not_found), "route_not_found");
  auto wrong = Fetch(server.port(), Verb::put, "/test/body", "", "{}");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->result(), status::method_not_allowed);
  EXPECT_EQ((*wrong)[field::allow], "POST");
}

TEST(ServerTest, InvalidJsonIs400) {
  TestServer server;
  auto response = Fetch(server.port(), Verb::post, "/test/body", "", "{nope");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::bad_request);
  EXPECT_EQ(ErrorCodeOf(*response), "invalid_json");
}

TEST(ServerTest, AuthenticationAndScopes) {
  TestServer server;
  auto anonymous = Fetch(server.port(), Verb::get, "/test/read");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->result(), status::unauthorized);
  EXPECT_EQ((*anonymous)[field::www_authenticate], "Bearer realm=\"marketgate\"");
  auto bad = Fetch(server.port(), Verb::get, "/test/read", "sk_test_wrong");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->result(), status::unauthorized);
  auto wrong_scope = Fetch(server.port(), Verb::get, "/test/read", testing::kAdminKey);
  ASSERT_TRUE(wrong_scope);
  EXPECT_EQ(wrong_scope->result(), status::forbidden);
  auto reader = Fetch(server.port(), Verb::get, "/test/read", testing::kReadKey);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->result(), status::ok);
  EXPECT_EQ(Json(*reader).at("key"), "reader");
}

// Keys that change on one keep-alive connection: each request is judged by
// the key it presents, whatever the connection presented before.
TEST(ServerTest, EachRequestOnAConnectionIsJudgedByItsOwnKey) {
  TestServer server;
  TestClient client(server.port());
  ASSERT_TRUE(client.connected());
  auto send = [&client](std::string key) {
    RawRequest request = MakeRequest(Verb::get, "/test/read");
    if (!key.empty()) request.set(field::authorization, "Bearer " + key);
    EXPECT_FALSE(client.Send(request));
    auto response = client.Read();
    return response ? response->result_int() : 0u;
  };
  EXPECT_EQ(send(testing::kReadKey), 200u);
  EXPECT_EQ(send("sk_test_wrong"), 401u);
  EXPECT_EQ(send(""), 401u);
  EXPECT_EQ(send(testing::kAdminKey), 403u);
  EXPECT_EQ(send(testing::kReadKey), 200u);
  EXPECT_EQ(send(std::string(testing::kReadKey) + "x"), 401u);
  EXPECT_EQ(send(testing::kReadKey), 200u);
}

TEST(ServerTest, AdminRoutesLiveOnTheAdminPortOnly) {
  TestServer server;
  ASSERT_NE(server.port(), server.admin_port());
  auto on_public = Fetch(server.port(), Verb::get, "/admin/ping", testing::kAdminKey);
  ASSERT_TRUE(on_public);
  EXPECT_EQ(on_public->result(), status::not_found);
  auto on_admin = Fetch(server.admin_port(), Verb::get, "/admin/ping", testing::kAdminKey);
  ASSERT_TRUE(on_admin);
  EXPECT_EQ(on_admin->result(), status::ok);
  auto reader = Fetch(server.admin_port(), Verb::get, "/admin/ping", testing::kReadKey);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->result(), status::forbidden);
}

TEST(ServerTest, RequestIdsAreEchoedOrGenerated) {
  TestServer server;
  TestClient client(server.port());
  RawRequest request = MakeRequest(Verb::get, "/test/echo/x");
  request.set("X-Request-Id", "trace-abc-123");
  ASSERT_FALSE(client.Send(request));
  auto echoed = client.Read();
  ASSERT_TRUE(echoed);
  EXPECT_EQ((*echoed)["X-Request-Id"], "trace-abc-123");
  request.set("X-Request-Id", "bad id with spaces");
  ASSERT_FALSE(client.Send(request));
  auto generated = client.Read();
  ASSERT_TRUE(generated);
  EXPECT_EQ((*generated)["X-Request-Id"].size(), 32u);
}

TEST(ServerTest, MetricsCountRequests) {
  TestServer server;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Fetch(server.port(), Verb::get, "/test/echo/n"));
  ASSERT_TRUE(Fetch(server.port(), Verb::get, "/nope"));
  auto metrics = Fetch(server.admin_port(), Verb::get, "/metrics");
  ASSERT_TRUE(metrics);
  const std::string& text = metrics->body();
  EXPECT_NE(text.find("http_requests_total{route=\"/test/echo/{name}\",method=\"GET\","
                      "status=\"200\"} 3"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(
      text.find("http_request_duration_seconds_bucket{route=\"/test/echo/{name}\",le=\"+Inf\"} 3"),
      std::string::npos);
}

TEST(ServerTest, GracefulShutdownDrainsInFlightAndRefusesNew) {
  TestServer server;
  TestClient idle(server.port());
  ASSERT_FALSE(idle.Send(MakeRequest(Verb::get, "/test/echo/x")));
  ASSERT_TRUE(idle.Read());

  TestClient slow(server.port());
  ASSERT_FALSE(slow.Send(MakeRequest(Verb::get, "/test/slow?ms=600")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the handler is running

  auto start = std::chrono::steady_clock::now();
  server.server().Shutdown();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // New connections are refused while the slow request drains.
  TestClient refused(server.port());
  EXPECT_FALSE(refused.connected());
  // The idle keep-alive connection is closed without waiting.
  EXPECT_TRUE(idle.ReadsEof());

  auto response = slow.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::ok);
  EXPECT_FALSE(response->keep_alive());
  server.ShutdownAndWait();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ServerTest, DrainDeadlineStopsAStuckRequest) {
  TestServer::Options options;
  options.limits.shutdown_drain = std::chrono::milliseconds(200);
  TestServer server(options);
  TestClient slow(server.port());
  ASSERT_FALSE(slow.Send(MakeRequest(Verb::get, "/test/slow?ms=1500")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  server.server().Shutdown();
  // Run() returns once the handler that was running completes; the
  // connection itself was dropped at the deadline.
  EXPECT_TRUE(slow.ReadsEof());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
  server.ShutdownAndWait();
}

}  // namespace
}  // namespace mg::http
