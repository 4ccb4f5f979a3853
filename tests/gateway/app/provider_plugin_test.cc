// A provider kind that only the tests have (tests/gateway/providers/echo/),
// registered with one line, is picked up by routing, webhooks and config
// validation, with no other file of the gateway edited: the plug-in promise
// of docs/providers.md.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/crypto.h"
#include "echo/echo_kind.h"
#include "gateway/app/application.h"
#include "gateway/app/config.h"
#include "gateway/app/provider_check.h"

namespace mg::app {
namespace {

namespace fs = std::filesystem;
using providers::testing::EchoKind;
using providers::testing::EchoSignature;

constexpr const char* kKey = "sk_plugin_purchases";
const Secret kWebhookSecret("whsec_echo_test");

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void Replace(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = ReadFile(path);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

class ProviderPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mg_plugin_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "regions");
    fs::copy(fs::path(MG_SOURCE_DIR) / "regions", dir_ / "regions", fs::copy_options::recursive);
    // Test data, not gateway code: the providers file lists the kind and
    // Germany routes its cards to it.
    std::ofstream(dir_ / "regions/common/providers.yaml", std::ios::app)
        << "\n  - id: echo\n    methods: [card]\n    source: \"test-only provider kind\"\n";
    Replace(dir_ / "regions/markets/DE.yaml",
            "      - {provider: adyen, weight: 80, currencies: [EUR]}\n"
            "      - {provider: stripe, weight: 20, currencies: [EUR]}\n",
            "      - {provider: echo, weight: 100, currencies: [EUR]}\n");
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(dir_);
  }

  std::string ConfigYaml(const std::string& providers) const {
    return "listen: 127.0.0.1:0\nregions_dir: regions\nstore: {driver: sqlite, path: store.db}\n"
           "default_return_url: https://app.example/return\n"
           "api_keys:\n  - {name: plugin, sha256: " +
           HexEncode(Sha256(kKey)) +
           ", scopes: [read, purchases]}\nproviders:\n"
           // The in-process sandbox, by name, for the other markets' providers.
           "  stripe: {kind: sandbox}\n  adyen: {kind: sandbox}\n  pix: {kind: sandbox}\n" +
           providers;
  }

  Result<GatewayConfig> Config(const std::string& providers) const {
    return ParseGatewayConfig(ConfigYaml(providers), (dir_ / "gateway.yaml").string());
  }

  // The one line a new kind needs, here in a test.
  static AppOptions WithEcho() {
    AppOptions options;
    options.registry.Add(EchoKind());
    return options;
  }

  http::RawResponse Post(const std::string& target, const std::string& body,
                         const std::map<std::string, std::string>& headers) const {
    http::RawRequest raw{http::Verb::post, target, 11};
    raw.set(boost::beast::http::field::content_type, "application/json");
    for (const auto& [name, value] : headers) raw.set(name, value);
    raw.body() = body;
    raw.prepare_payload();
    return app_->public_pipeline().Handle(std::move(raw));
  }

  fs::path dir_;
  std::unique_ptr<Application> app_;
};

constexpr const char* kEchoInstance =
    "  echo:\n    kind: echo\n    secrets: {webhook_secret: whsec_echo_test}\n";

TEST_F(ProviderPluginTest, RoutesAPurchaseToTheKindAndSettlesItByItsWebhook) {
  Result<GatewayConfig> config = Config(kEchoInstance);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  Result<std::unique_ptr<Application>> built = Application::Build(*config, WithEcho());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  app_ = std::move(built).value();
  std::vector<LoadError> errors = app_->LoadMarkets();
  ASSERT_TRUE(errors.empty()) << errors.front().ToString();

  // Routing: Germany's cards go to the echo instance.
  http::RawResponse purchase =
      Post("/v1/purchases",
           R"({"market": "DE", "items": [{"sku": "coins_70"}],
          "customer": {"id": "c_echo", "age": 30, "consent_immediate_delivery": true},
          "payment": {"method": "card", "token": "tok_anything"}})",
           {{"Authorization", std::string("Bearer ") + kKey}, {"Idempotency-Key", "echo-1"}});
  ASSERT_EQ(purchase.result_int(), 201) << purchase.body();
  boost::json::object body = boost::json::parse(purchase.body()).as_object();
  const std::string id(body.at("id").as_string());
  EXPECT_EQ(body.at("payment").at("provider"), "echo");
  EXPECT_EQ(body.at("payment").at("provider_reference").as_string(), "echo_" + id);
  EXPECT_EQ(body.at("state"), "pending");

  // Webhooks: the kind's verifier and secret guard /v1/webhooks/echo.
  const std::string event = boost::json::serialize(
      boost::json::object{{"id", "evt_1"}, {"type", "echo.paid"}, {"reference", "echo_" + id}});
  EXPECT_EQ(Post("/v1/webhooks/echo", event, {{"X-Echo-Signature", "00"}}).result_int(), 401);
  http::RawResponse applied = Post("/v1/webhooks/echo", event,
                                   {{"X-Echo-Signature", EchoSignature(event, kWebhookSecret)}});
  ASSERT_EQ(applied.result_int(), 200) << applied.body();
  EXPECT_EQ(boost::json::parse(applied.body()).at("applied"), 1);
  Result<store::Purchase> settled = app_->store().GetPurchase(id);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->state, store::PurchaseState::kSucceeded);
}

TEST_F(ProviderPluginTest, ConfigValidationKnowsTheKindAndItsNames) {
  // Without the registration line the kind is unknown, named at its line.
  Result<GatewayConfig> config = Config(kEchoInstance);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  Result<std::unique_ptr<Application>> unknown = Application::Build(*config);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("gateway.yaml:12:11: providers.echo.kind: provider "
                                            "'echo': unknown kind 'echo'"),
            std::string::npos)
      << unknown.status().message();

  // With it, a name the kind does not read is refused at its line.
  Result<GatewayConfig> typo =
      Config("  echo:\n    kind: echo\n    secrets: {webhok_secret: whsec_echo_test}\n");
  ASSERT_TRUE(typo.ok());
  std::vector<LoadError> errors = CheckProviderInstances(*typo, WithEcho().registry);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 13);
  EXPECT_EQ(errors[0].path, "providers.echo.secrets.webhok_secret");
  EXPECT_NE(errors[0].message.find("known: webhook_secret"), std::string::npos);
}

TEST_F(ProviderPluginTest, MarketsCannotRouteToAProviderNobodyCanBuild) {
  // The providers file lists echo, but this gateway has no such kind or
  // instance: the markets do not load, and the error names the line.
  Result<GatewayConfig> config = Config("");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  Result<std::unique_ptr<Application>> built = Application::Build(*config);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  app_ = std::move(built).value();
  std::vector<LoadError> errors = app_->LoadMarkets();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].file.find("common/providers.yaml"), std::string::npos);
  EXPECT_GT(errors[0].line, 30);
  EXPECT_NE(errors[0].message.find("'echo'"), std::string::npos) << errors[0].ToString();
  // And Germany, whose cards only echo takes, could take no payment at all.
  EXPECT_NE(errors[1].file.find("markets/DE.yaml"), std::string::npos);
  EXPECT_NE(errors[1].message.find("live market DE cannot take payments"), std::string::npos)
      << errors[1].ToString();
  EXPECT_EQ(app_->markets().Current(), nullptr);

  // Registered and configured, it loads.
  config = Config(kEchoInstance);
  ASSERT_TRUE(config.ok());
  Result<std::unique_ptr<Application>> with_kind = Application::Build(*config, WithEcho());
  ASSERT_TRUE(with_kind.ok());
  app_ = std::move(with_kind).value();
  errors = app_->LoadMarkets();
  EXPECT_TRUE(errors.empty()) << errors.front().ToString();
}

}  // namespace
}  // namespace mg::app
