// POST /v1/purchases over real sockets: the routes behind the HTTP server on
// an ephemeral loopback port, driven by the HTTP layer's test client.
#include <boost/json/parse.hpp>
#include <thread>

#include "api_test_support.h"
#include "gateway/http/server.h"
#include "http_test_support.h"

namespace mg::api::testing {
namespace {

class PurchaseE2eTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    http::ServerOptions options;
    options.io_threads = 1;
    options.worker_threads = 4;
    server_ = std::make_unique<http::Server>(options);
    auto bound = server_->AddListener({"public", "127.0.0.1", 0, pipeline_.get(), nullptr});
    ASSERT_TRUE(bound.ok()) << bound.status().ToString();
    port_ = bound->port();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) {
      server_->Shutdown();
      if (thread_.joinable()) thread_.join();
      server_.reset();
    }
    ApiTest::TearDown();
  }

  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
};

TEST_F(PurchaseE2eTest, PurchaseAndReplayOverTheWire) {
  http::RawRequest request =
      http::testing::MakeRequest(http::Verb::post, "/v1/purchases", kPurchasesKey, PurchaseBody());
  request.set("Idempotency-Key", "e2e-1");
  request.prepare_payload();

  http::testing::TestClient client(port_);
  ASSERT_TRUE(client.connected());
  ASSERT_FALSE(client.Send(request));
  std::optional<http::RawResponse> first = client.Read();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->result_int(), 201) << first->body();
  EXPECT_EQ((*first)["Content-Type"], "application/json");
  EXPECT_FALSE((*first)["X-Request-Id"].empty());
  boost::json::value body = boost::json::parse(first->body());
  EXPECT_EQ(body.at("state"), "succeeded");
  EXPECT_EQ(body.at("request_id"), (*first)["X-Request-Id"]);

  // The same request again on the same keep-alive connection.
  ASSERT_FALSE(client.Send(request));
  std::optional<http::RawResponse> second = client.Read();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->result_int(), 201);
  EXPECT_EQ(second->body(), first->body());
  EXPECT_EQ((*second)["Idempotent-Replayed"], "true");
  EXPECT_NE((*second)["X-Request-Id"], (*first)["X-Request-Id"]);
  EXPECT_EQ(CountRows("purchases"), 1);

  std::string id(body.at("id").as_string());
  std::optional<http::RawResponse> got =
      http::testing::Fetch(port_, http::Verb::get, "/v1/purchases/" + id, kPurchasesKey);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->result_int(), 200);
}

}  // namespace
}  // namespace mg::api::testing
