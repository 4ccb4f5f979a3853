// The webhook listener's config (`webhook_listen`, `webhook_tls` with
// `client_ca`) and the Pix instances' webhook authentication
// (settings.webhook_auth): what loads, and errors that name file:line:col.
#include <gtest/gtest.h>

#include <filesystem>

#include "gateway/app/application.h"
#include "gateway/app/config.h"
#include "gateway/app/provider_check.h"
#include "tls_test_support.h"

namespace mg::app {
namespace {

using http::testing::TestPki;

class WebhookListenerConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestPki::Ca gateway_ca = pki_.MakeCa("gateway-ca");
    TestPki::Ca psp_ca = pki_.MakeCa("psp-ca");
    TestPki::Issued server = pki_.Issue(gateway_ca, "localhost", "IP:127.0.0.1");
    // Relative paths, as an operator writes them next to the config.
    std::filesystem::rename(server.cert_file, pki_.PathOf("webhook.pem"));
    std::filesystem::rename(server.key_file, pki_.PathOf("webhook-key.pem"));
    std::filesystem::rename(psp_ca.cert_file, pki_.PathOf("psp-chain.pem"));
  }

  std::string File() const { return pki_.PathOf("gateway.yaml"); }

  // Lines 1-3; webhook sections start on line 4.
  static std::string Base() {
    return "listen: 127.0.0.1:8080\nregions_dir: regions\nstore: {driver: sqlite, path: s.db}\n";
  }
  static std::string Listener(const std::string& client_ca = "psp-chain.pem") {
    return "webhook_listen: 127.0.0.1:8443\n"
           "webhook_tls:\n"
           "  cert: webhook.pem\n"
           "  key: webhook-key.pem\n"
           "  client_ca: " +
           client_ca + "\n";
  }

  Result<GatewayConfig> Parse(const std::string& yaml) const {
    return ParseGatewayConfig(yaml, File());
  }
  std::string ErrorOf(const std::string& yaml) const {
    Result<GatewayConfig> config = Parse(yaml);
    EXPECT_FALSE(config.ok()) << yaml;
    return config.ok() ? "" : config.status().message();
  }
  // CheckProviderInstances' errors, one per line.
  std::string ProviderErrorsOf(const std::string& yaml) const {
    Result<GatewayConfig> config = Parse(yaml);
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    if (!config.ok()) return "";
    std::string out;
    for (const LoadError& error :
         CheckProviderInstances(*config, providers::ProviderRegistry::WithBuiltins())) {
      out += error.ToString() + "\n";
    }
    return out;
  }

  TestPki pki_;
};

TEST_F(WebhookListenerConfigTest, LoadsTheListenerWithPathsBesideTheConfig) {
  Result<GatewayConfig> config = Parse(Base() + Listener());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_TRUE(config->webhook_listen);
  EXPECT_EQ(config->webhook_listen->ToString(), "127.0.0.1:8443");
  ASSERT_TRUE(config->webhook_tls);
  EXPECT_EQ(config->webhook_tls->cert, pki_.PathOf("webhook.pem"));
  EXPECT_EQ(config->webhook_tls->key, pki_.PathOf("webhook-key.pem"));
  EXPECT_EQ(config->webhook_tls->client_ca, pki_.PathOf("psp-chain.pem"));
  boost::json::object summary = ConfigSummaryJson(*config);
  EXPECT_EQ(summary.at("webhook_listen").as_string(), "127.0.0.1:8443");
  EXPECT_EQ(summary.at("webhook_client_ca").as_string(), pki_.PathOf("psp-chain.pem"));
}

TEST_F(WebhookListenerConfigTest, NoListenerByDefault) {
  Result<GatewayConfig> config = Parse(Base());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_FALSE(config->webhook_listen);
  EXPECT_FALSE(config->webhook_tls);
  EXPECT_TRUE(ConfigSummaryJson(*config).at("webhook_listen").is_null());
}

TEST_F(WebhookListenerConfigTest, AMissingClientCaIsAnErrorWithItsPosition) {
  std::string error = ErrorOf(Base() +
                              "webhook_listen: 127.0.0.1:8443\n"
                              "webhook_tls:\n"
                              "  cert: webhook.pem\n"
                              "  key: webhook-key.pem\n");
  EXPECT_NE(
      error.find(File() + ":6:3: webhook_tls.client_ca: required field 'client_ca' is missing"),
      std::string::npos)
      << error;
}

TEST_F(WebhookListenerConfigTest, UnreadableFilesAreErrorsAtTheirField) {
  std::string error = ErrorOf(Base() + Listener("nowhere/chain.pem"));
  EXPECT_NE(error.find(File() + ":8:14: webhook_tls.client_ca: cannot read '" +
                       pki_.PathOf("nowhere/chain.pem") + "'"),
            std::string::npos)
      << error;
  std::string cert_error = ErrorOf(Base() +
                                   "webhook_listen: 127.0.0.1:8443\n"
                                   "webhook_tls: {cert: absent.pem, key: webhook-key.pem, "
                                   "client_ca: psp-chain.pem}\n");
  EXPECT_NE(cert_error.find(File() + ":5:21: webhook_tls.cert: cannot read '" +
                            pki_.PathOf("absent.pem") + "'"),
            std::string::npos)
      << cert_error;
}

TEST_F(WebhookListenerConfigTest, AClientCaWithoutACertificateIsAnError) {
  pki_.WriteFile("not-a-ca.pem", "-----BEGIN NOTHING-----\n");
  std::string error = ErrorOf(Base() + Listener("not-a-ca.pem"));
  EXPECT_NE(error.find(File() + ":6:3: webhook_tls: TLS: "), std::string::npos) << error;
  EXPECT_NE(error.find(pki_.PathOf("not-a-ca.pem")), std::string::npos) << error;
}

TEST_F(WebhookListenerConfigTest, ListenerAndTlsComeTogether) {
  std::string no_tls = ErrorOf(Base() + "webhook_listen: 127.0.0.1:8443\n");
  EXPECT_NE(no_tls.find(File() + ":4:17: webhook_listen: the webhook listener serves mutual TLS "
                                 "only"),
            std::string::npos)
      << no_tls;
  std::string no_listen = ErrorOf(Base() + Listener().substr(Listener().find("webhook_tls")));
  EXPECT_NE(no_listen.find(File() + ":5:3: webhook_tls: webhook_tls without webhook_listen"),
            std::string::npos)
      << no_listen;
}

TEST_F(WebhookListenerConfigTest, TheListenerNeedsItsOwnAddress) {
  std::string error = ErrorOf(Base() + "webhook_listen: 127.0.0.1:8080\n" +
                              Listener().substr(Listener().find("webhook_tls")));
  EXPECT_NE(error.find("webhook_listen: the webhook listener needs its own address, not the "
                       "public listener's"),
            std::string::npos)
      << error;
}

TEST_F(WebhookListenerConfigTest, OnlyTheWebhookListenerTakesAClientCa) {
  std::string error = ErrorOf(Base() + "tls: {cert: a.pem, key: b.pem, client_ca: c.pem}\n");
  EXPECT_NE(error.find("tls.client_ca: unknown field 'client_ca'"), std::string::npos) << error;
}

// A Pix instance as a real PSP's would be configured; its entry's fields
// start on line 6 after Base(), on line 11 after Base() + Listener().
constexpr const char* kRealPix =
    "providers:\n"
    "  pix:\n"
    "    base_url: https://pix.api.efipay.com.br/v2\n"
    "    secret: token\n"
    "    settings:\n"
    "      pix_key: 7d9f0335-8dcc-4054-9bf9-0dbd61d36906\n";

TEST_F(WebhookListenerConfigTest, PixDefaultsToMutualTlsWhichNeedsTheListener) {
  std::string errors = ProviderErrorsOf(Base() + kRealPix);
  EXPECT_NE(errors.find(File() + ":6:5: providers.pix: its webhooks are authenticated by mutual "
                                 "TLS (settings.webhook_auth: mtls, the default for kind pix)"),
            std::string::npos)
      << errors;
  EXPECT_EQ(ProviderErrorsOf(Base() + Listener() + kRealPix), "");
}

TEST_F(WebhookListenerConfigTest, ASandboxSecretOnAnMtlsPixIsAnError) {
  std::string errors = ProviderErrorsOf(Base() + Listener() + kRealPix +
                                        "    secrets: {webhook_secret: whsec_left_over}\n");
  EXPECT_NE(errors.find(File() + ":15:31: providers.pix.secrets.webhook_secret: webhook_secret "
                                 "only checks marketgate-sandbox's signature"),
            std::string::npos)
      << errors;
  EXPECT_EQ(errors.find("whsec_left_over"), std::string::npos) << errors;
}

TEST_F(WebhookListenerConfigTest, TheSandboxSignatureMustBeNamedAndHaveItsSecret) {
  std::string unknown =
      ProviderErrorsOf(Base() + Listener() + kRealPix + "      webhook_auth: hmac\n");
  EXPECT_NE(unknown.find(File() + ":15:21: providers.pix.settings.webhook_auth: unknown "
                                  "webhook_auth 'hmac' (known: mtls, sandbox_signature)"),
            std::string::npos)
      << unknown;
  std::string no_secret =
      ProviderErrorsOf(Base() + kRealPix + "      webhook_auth: sandbox_signature\n");
  EXPECT_NE(no_secret.find(File() + ":10:21: providers.pix.settings.webhook_auth: webhook_auth "
                                    "sandbox_signature needs secrets.webhook_secret"),
            std::string::npos)
      << no_secret;
  EXPECT_EQ(ProviderErrorsOf(Base() + kRealPix + "      webhook_auth: sandbox_signature\n" +
                             "    secrets: {webhook_secret: whsec_sandbox_pix}\n"),
            "");
}

TEST_F(WebhookListenerConfigTest, ClientNamesNeedMutualTlsAndNoEmptyName) {
  std::string empty = ProviderErrorsOf(Base() + Listener() + kRealPix +
                                       "      webhook_client_names: 'a.example,,b.example'\n");
  EXPECT_NE(empty.find(File() + ":15:29: providers.pix.settings.webhook_client_names:"),
            std::string::npos)
      << empty;
  std::string signed_too = ProviderErrorsOf(
      Base() + kRealPix + "      webhook_auth: sandbox_signature\n" +
      "      webhook_client_names: a.example\n" + "    secrets: {webhook_secret: whsec_s}\n");
  EXPECT_NE(signed_too.find("providers.pix.settings.webhook_client_names: webhook_client_names "
                            "pins a client certificate: only with webhook_auth mtls"),
            std::string::npos)
      << signed_too;
}

TEST_F(WebhookListenerConfigTest, TheGatewayBuildsEndpointsByTheInstancesChoice) {
  Result<GatewayConfig> config =
      Parse(Base() + Listener() + kRealPix +
            "      webhook_client_names: 'webhooks.psp.example, backup.psp.example'\n" +
            "  pix_sandbox:\n    kind: pix\n    base_url: http://127.0.0.1:8090/pix\n" +
            "    secret: sandbox-pix-token\n" +
            "    settings: {pix_key: k, webhook_auth: sandbox_signature}\n" +
            "    secrets: {webhook_secret: whsec_sandbox_pix}\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  config->store.path = pki_.PathOf("store.db");
  Result<std::unique_ptr<Application>> app = Application::Build(*config);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  const auto& webhooks = (*app)->deps().config.webhooks;
  const api::WebhookEndpoint& real = webhooks.at("pix");
  EXPECT_EQ(real.auth.auth, providers::WebhookAuth::kClientCertificate);
  EXPECT_EQ(real.auth.client_names,
            (std::vector<std::string>{"webhooks.psp.example", "backup.psp.example"}));
  const api::WebhookEndpoint& sandbox = webhooks.at("pix_sandbox");
  EXPECT_EQ(sandbox.auth.auth, providers::WebhookAuth::kSignature);
  EXPECT_EQ(sandbox.secret.reveal(), "whsec_sandbox_pix");
  // The webhook listener's routes, and only those.
  EXPECT_EQ((*app)
                ->webhook_pipeline()
                .Handle(http::RawRequest{http::Verb::get, "/healthz", 11})
                .result_int(),
            404);
}

}  // namespace
}  // namespace mg::app
