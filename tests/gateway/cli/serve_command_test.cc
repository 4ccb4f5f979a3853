// `marketgate serve` as a process: it announces its ports, serves, reloads on
// SIGHUP and exits 0 on SIGTERM.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/crypto.h"
#include "http_test_support.h"
#include "serve_process.h"

namespace mg::http {
namespace {

namespace fs = std::filesystem;
using testing::Fetch;
using testing::PortOf;
using testing::WaitUntilReady;

struct ServeProcess : testing::ServeProcess {
  explicit ServeProcess(std::vector<std::string> args)
      : testing::ServeProcess(MG_MARKETGATE_BINARY, std::move(args)) {}
};

constexpr const char* kKey = "sk_serve_test_read";

class ServeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mg_serve_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    config_ = (dir_ / "marketgate.yaml").string();
    std::ofstream(config_) << "listen: 127.0.0.1:8080\n"
                           << "admin_listen: 127.0.0.1:0\n"
                           << "regions_dir: " << MG_SOURCE_DIR << "/regions\n"
                           << "store: {driver: sqlite, path: " << (dir_ / "mg.db").string() << "}\n"
                           << "api_keys:\n  - {name: test, sha256: " << HexEncode(Sha256(kKey))
                           << ", scopes: [read, purchases]}\n"
                           // The in-process sandbox, by name, for every provider.
                           << "providers:\n  stripe: {kind: sandbox}\n  adyen: {kind: sandbox}\n  "
                              "pix: {kind: sandbox}\n"
                           << "limits: {shutdown_drain_ms: 2000}\n"
                           << "log_level: warning\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string config_;
};

TEST_F(ServeCommandTest, ServesReloadsAndExitsCleanlyOnSigterm) {
  ServeProcess serve({"serve", "--config", config_, "--listen", "127.0.0.1:0"});
  std::string first = serve.ReadLine();
  unsigned short port = PortOf(first, "listening on");
  ASSERT_NE(port, 0) << "first stderr line: " << first;
  std::string second = serve.ReadLine();
  unsigned short admin_port = PortOf(second, "admin listening on");
  ASSERT_NE(admin_port, 0) << second;

  auto health = Fetch(port, Verb::get, "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->result(), boost::beast::http::status::ok);

  // Markets load right after the ports are bound: /readyz turns 200.
  ASSERT_TRUE(WaitUntilReady(port));
  auto markets = Fetch(port, Verb::get, "/v1/markets/DE", kKey);
  ASSERT_TRUE(markets);
  EXPECT_EQ(markets->result(), boost::beast::http::status::ok) << markets->body();

  // SIGHUP reloads: the metrics on the admin port count a second load.
  serve.Signal(SIGHUP);
  bool reloaded = false;
  for (int i = 0; i < 200 && !reloaded; ++i) {
    auto metrics = Fetch(admin_port, Verb::get, "/metrics");
    reloaded = metrics &&
               metrics->body().find("market_reloads_total{result=\"ok\"} 2") != std::string::npos;
    if (!reloaded) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(reloaded);

  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.WaitExit(std::chrono::seconds(10)), 0);
  EXPECT_FALSE(Fetch(port, Verb::get, "/healthz"));
}

// Without providers, nothing may be sold: a test double is never put in
// their place. With some, each method left without one is a warning.
TEST_F(ServeCommandTest, RefusesToServeMarketsNoConfiguredProviderCanTakePaymentsIn) {
  std::string config;
  {
    std::ifstream in(config_);
    std::ostringstream text;
    text << in.rdbuf();
    config = text.str();
  }
  const size_t providers = config.find("providers:");
  ASSERT_NE(providers, std::string::npos);
  const size_t after = config.find("limits:", providers);
  std::ofstream(config_) << config.substr(0, providers) << config.substr(after);

  ServeProcess none({"serve", "--config", config_, "--listen", "127.0.0.1:0"});
  std::string all;
  for (std::string line = none.ReadLine(); !line.empty(); line = none.ReadLine())
    all += line + "\n";
  EXPECT_EQ(none.WaitExit(std::chrono::seconds(10)), 1) << all;
  EXPECT_NE(all.find("live market DE cannot take payments"), std::string::npos) << all;
  EXPECT_NE(all.find("warning DE: payment method 'card' is unavailable"), std::string::npos) << all;

  std::ofstream(config_) << config.substr(0, providers) << "providers:\n  stripe: {kind: sandbox}\n"
                         << config.substr(after);
  ServeProcess partial({"serve", "--config", config_, "--listen", "127.0.0.1:0"});
  unsigned short port = partial.ReadPort();
  ASSERT_NE(port, 0);
  ASSERT_TRUE(WaitUntilReady(port));
  std::string warnings;
  for (int i = 0; i < 100 && warnings.find("NL: payment method 'ideal'") == std::string::npos;
       ++i) {
    warnings += partial.ReadLine() + "\n";
  }
  EXPECT_NE(warnings.find("warning NL: payment method 'ideal' is unavailable: no payment provider "
                          "is configured for it here (it routes to adyen)"),
            std::string::npos)
      << warnings;
  partial.Signal(SIGTERM);
  EXPECT_EQ(partial.WaitExit(std::chrono::seconds(10)), 0);
}

TEST_F(ServeCommandTest, RateLimitsAnswer429WithRetryAfterOverSockets) {
  // One request per minute after a burst of three: the fourth must wait.
  std::ofstream(config_, std::ios::app)
      << "rate_limits: {default: {rate_per_second: 1, burst: 3}}\n";
  ServeProcess serve({"serve", "--config", config_, "--listen", "127.0.0.1:0"});
  std::string first = serve.ReadLine();
  unsigned short port = PortOf(first, "listening on");
  ASSERT_NE(port, 0) << "first stderr line: " << first;
  ASSERT_TRUE(WaitUntilReady(port));  // /readyz has no scope: never limited

  for (int i = 0; i < 3; ++i) {
    auto ok = Fetch(port, Verb::get, "/v1/markets/DE", kKey);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->result(), boost::beast::http::status::ok) << i << ": " << ok->body();
  }
  auto limited = Fetch(port, Verb::get, "/v1/markets/DE", kKey);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->result(), boost::beast::http::status::too_many_requests);
  EXPECT_EQ((*limited)["Retry-After"], "1");
  boost::json::object body = boost::json::parse(limited->body()).as_object();
  EXPECT_EQ(body.at("error").at("code"), "rate_limited");
  EXPECT_EQ(body.at("error").at("type"), "rate_limit_error");
  EXPECT_TRUE(body.contains("request_id"));

  // A request without a key is refused by authentication, not counted.
  auto anonymous = Fetch(port, Verb::get, "/v1/markets/DE");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->result(), boost::beast::http::status::unauthorized);

  // The bucket refills: after a second, one more request passes.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto again = Fetch(port, Verb::get, "/v1/markets/DE", kKey);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->result(), boost::beast::http::status::ok);
}

// Issue 15: POST /v1/quotes, the heaviest read, skipped the rate limiter
// (its handler checked the key itself) and its log lines named no key.
TEST_F(ServeCommandTest, AQuoteFloodGets429LikeEveryOtherRoute) {
  std::ofstream(config_, std::ios::app)
      << "rate_limits: {default: {rate_per_second: 1, burst: 1}}\n";
  ServeProcess serve({"serve", "--config", config_, "--listen", "127.0.0.1:0"});
  unsigned short port = PortOf(serve.ReadLine(), "listening on");
  ASSERT_NE(port, 0);
  ASSERT_TRUE(WaitUntilReady(port));
  const std::string quote = R"({"market": "DE", "items": [{"sku": "coins_70"}],)"
                            R"( "customer": {"age": 30, "consent_immediate_delivery": true}})";
  int ok = 0, limited = 0;
  for (int i = 0; i < 10; ++i) {
    auto answer = Fetch(port, Verb::post, "/v1/quotes", kKey, quote);
    ASSERT_TRUE(answer);
    if (answer->result() == boost::beast::http::status::ok) ++ok;
    if (answer->result() == boost::beast::http::status::too_many_requests) {
      ++limited;
      EXPECT_EQ((*answer)["Retry-After"], "1");
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_LE(ok, 2);  // the burst, and at most one refill within the loop
  EXPECT_EQ(ok + limited, 10);
}

TEST_F(ServeCommandTest, BadConfigExits1WithThePosition) {
  std::ofstream(config_, std::ios::app) << "listne: 127.0.0.1:1\n";
  ServeProcess serve({"serve", "--config", config_});
  std::string output;
  for (std::string line = serve.ReadLine(); !line.empty(); line = serve.ReadLine()) output += line;
  EXPECT_EQ(serve.WaitExit(std::chrono::seconds(10)), 1);
  EXPECT_NE(output.find("unknown field 'listne'"), std::string::npos) << output;
  EXPECT_NE(output.find("marketgate.yaml:"), std::string::npos) << output;
}

TEST_F(ServeCommandTest, MissingConfigFlagIsAUsageError) {
  ServeProcess serve({"serve"});
  while (!serve.ReadLine().empty()) {
  }
  EXPECT_EQ(serve.WaitExit(std::chrono::seconds(10)), 2);
}

}  // namespace
}  // namespace mg::http
