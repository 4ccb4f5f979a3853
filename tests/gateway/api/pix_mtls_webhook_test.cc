// Pix webhooks over mutual TLS, end to end on loopback: the gateway built by
// the composition root serves its public listener (plain HTTP) and its
// webhook listener (mutual TLS, the PSP's CA as client CA) on real sockets.
// A Pix endpoint authenticated by mutual TLS settles a purchase only from a
// connection whose client certificate verified; a call without one, with one
// from another CA, or signed in the sandbox's scheme on the public listener is
// refused and changes nothing. marketgate-sandbox, given a client
// certificate, delivers its Pix webhooks that way.
#include <boost/asio/connect.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <thread>

#include "gateway/http/server.h"
#include "gateway/http/tls.h"
#include "gateway/outbound/http_client.h"
#include "gateway/sandbox/sandbox_server.h"
#include "tls_test_support.h"
#include "webhook_route_fixture.h"

namespace mg::api::testing {
namespace {

using http::testing::TestPki;
namespace asio = boost::asio;

constexpr const char* kTxid = "mtlstxid000000000000000000001";

class PixMtlsWebhookTest : public WebhookRouteTest {
 protected:
  void SetUp() override {
    providers::ProviderRegistry kinds = providers::ProviderRegistry::WithBuiltins();
    const providers::WebhookAuthPolicy mtls{providers::WebhookAuth::kClientCertificate, {}};
    routes_config_.webhooks["pix"] = {kinds.Find("pix"), Secret(), Secret(), mtls};
    const providers::WebhookAuthPolicy pinned{providers::WebhookAuth::kClientCertificate,
                                              {"webhooks.psp.example"}};
    routes_config_.webhooks["pix_pinned"] = {kinds.Find("pix"), Secret(), Secret(), pinned};
    // What a config names explicitly for the sandbox: its signature.
    routes_config_.webhooks["pix_sandbox"] = {kinds.Find("pix"), kPixSecret, Secret()};
    ApiTest::SetUp();  // not WebhookRouteTest's: these endpoints, not its

    gateway_ca_ = pki_.MakeCa("gateway-ca");
    psp_ca_ = pki_.MakeCa("psp-ca");
    TestPki::Issued server_cert =
        pki_.Issue(gateway_ca_, "localhost", "DNS:localhost,IP:127.0.0.1");
    psp_ = pki_.Issue(psp_ca_, "webhooks.psp.example", "DNS:webhooks.psp.example");
    auto mutual = http::MakeMutualTlsServerContext(server_cert.cert_file, server_cert.key_file,
                                                   psp_ca_.cert_file);
    ASSERT_TRUE(mutual.ok()) << mutual.status().ToString();

    http::ServerOptions options;
    options.io_threads = 1;
    options.worker_threads = 2;
    server_ = std::make_unique<http::Server>(options);
    auto public_port =
        server_->AddListener({"public", "127.0.0.1", 0, &app_->public_pipeline(), /*tls=*/nullptr});
    ASSERT_TRUE(public_port.ok()) << public_port.status().ToString();
    public_port_ = public_port->port();
    auto webhook_port =
        server_->AddListener({"webhook", "127.0.0.1", 0, &app_->webhook_pipeline(), *mutual});
    ASSERT_TRUE(webhook_port.ok()) << webhook_port.status().ToString();
    webhook_port_ = webhook_port->port();
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    WebhookRouteTest::TearDown();
  }

  static http::RawRequest PixPost(const std::string& target, const std::string& body) {
    http::RawRequest raw{http::Verb::post, target, 11};
    raw.set(boost::beast::http::field::content_type, "application/json");
    raw.body() = body;
    return raw;
  }

  http::testing::TlsExchange PostOverMtls(const std::string& target, const std::string& body,
                                          const std::optional<TestPki::Issued>& client) {
    return http::testing::ExchangeOverTls(webhook_port_, gateway_ca_.cert_file, client,
                                          PixPost(target, body));
  }

  // One request over plain TCP to the public listener.
  std::optional<http::RawResponse> PostToPublic(http::RawRequest raw) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect({asio::ip::make_address("127.0.0.1"), public_port_}, ec);
    if (ec) return std::nullopt;
    raw.set(boost::beast::http::field::host, "127.0.0.1");
    raw.prepare_payload();
    boost::beast::http::write(socket, raw, ec);
    boost::beast::flat_buffer buffer;
    http::RawResponse response;
    if (!ec) boost::beast::http::read(socket, buffer, response, ec);
    if (ec) return std::nullopt;
    return response;
  }

  // A sandbox that sends its Pix webhooks to the webhook listener with
  // `client`, and a charge of kTxid (BRL 19.90) there that it pays at once.
  std::unique_ptr<sandbox::SandboxServer> SandboxPaying(const TestPki::Issued& client) {
    sandbox::SandboxOptions options;
    options.pix_webhook_url =
        "https://127.0.0.1:" + std::to_string(webhook_port_) + "/v1/webhooks/pix";
    options.pix_webhook_cert_file = client.cert_file;
    options.pix_webhook_key_file = client.key_file;
    options.pix_webhook_ca_file = gateway_ca_.cert_file;
    auto sandbox = sandbox::SandboxServer::Start(options);
    EXPECT_TRUE(sandbox.ok()) << sandbox.status().ToString();
    auto http = outbound::HttpClient::Create({});
    if (!sandbox.ok() || !http.ok()) return nullptr;
    outbound::HttpRequest cob;
    cob.method = "PUT";
    cob.url = (*sandbox)->base_url() + "/pix/cob/" + kTxid;
    cob.headers = {{"Authorization", "Bearer sandbox-pix-token"},
                   {"Content-Type", "application/json"}};
    cob.body = boost::json::serialize(
        boost::json::object{{"calendario", {{"expiracao", 3600}}},
                            {"valor", {{"original", "19.90"}}},
                            {"chave", "7d9f0335-8dcc-4054-9bf9-0dbd61d36906"},
                            {"solicitacaoPagador", "order [settle=0]"}});
    outbound::HttpResult created = (*http)->Send(cob);
    EXPECT_TRUE(created.ok()) << created.error;
    EXPECT_EQ(created.response.status, 201) << created.response.body;
    if (!created.ok() || created.response.status != 201) return nullptr;
    return std::move(sandbox).value();
  }

  store::Purchase PendingPix(const std::string& provider = "pix", const std::string& txid = kTxid) {
    return StoredPurchase(provider, txid, PurchaseState::kPending, 1990, "BRL");
  }

  TestPki pki_;
  TestPki::Ca gateway_ca_;
  TestPki::Ca psp_ca_;
  TestPki::Issued psp_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  unsigned short public_port_ = 0;
  unsigned short webhook_port_ = 0;
};

TEST_F(PixMtlsWebhookTest, AVerifiedPspSettlesThePurchaseAtTheApiPixPath) {
  store::Purchase purchase = PendingPix();
  // API Pix POSTs to the registered URL + "/pix".
  http::testing::TlsExchange result =
      PostOverMtls("/v1/webhooks/pix/pix", PixBody("E1mtls", kTxid, "19.90"), psp_);
  ASSERT_TRUE(result.response) << result.error;
  ASSERT_EQ(result.response->result_int(), 200) << result.response->body();
  EXPECT_EQ(result.response->body(), R"({"received":1,"applied":1,"duplicates":0,"ignored":0})");
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
}

TEST_F(PixMtlsWebhookTest, TheRegisteredUrlItselfIsServedToo) {
  store::Purchase purchase = PendingPix();
  http::testing::TlsExchange result =
      PostOverMtls("/v1/webhooks/pix", PixBody("E2mtls", kTxid, "19.90"), psp_);
  ASSERT_TRUE(result.response) << result.error;
  EXPECT_EQ(result.response->result_int(), 200) << result.response->body();
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
}

TEST_F(PixMtlsWebhookTest, WithoutACertificateTheHandshakeIsRefused) {
  store::Purchase purchase = PendingPix();
  http::testing::TlsExchange result =
      PostOverMtls("/v1/webhooks/pix/pix", PixBody("E3mtls", kTxid, "19.90"), std::nullopt);
  EXPECT_FALSE(result.response) << result.response->body();
  EXPECT_FALSE(result.error.empty());
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);
}

TEST_F(PixMtlsWebhookTest, ACertificateFromAnotherCaIsRefused) {
  store::Purchase purchase = PendingPix();
  TestPki::Ca rogue_ca = pki_.MakeCa("rogue-ca");
  TestPki::Issued rogue = pki_.Issue(rogue_ca, "webhooks.psp.example", "DNS:webhooks.psp.example");
  http::testing::TlsExchange result =
      PostOverMtls("/v1/webhooks/pix/pix", PixBody("E4mtls", kTxid, "19.90"), rogue);
  EXPECT_FALSE(result.response) << result.response->body();
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);
}

TEST_F(PixMtlsWebhookTest, TheSandboxSignatureOnThePublicListenerIsRefused) {
  store::Purchase purchase = PendingPix();
  const std::string body = PixBody("E5mtls", kTxid, "19.90");
  http::RawRequest raw = PixPost("/v1/webhooks/pix", body);
  raw.set("X-Sandbox-Signature", providers::stripe::SignPayload(body, kPixSecret, NowSeconds()));
  // Headers a proxy would set after checking a certificate count for nothing.
  raw.set("X-SSL-Client-Verify", "SUCCESS");
  raw.set("X-Client-Cert", "CN=webhooks.psp.example");
  std::optional<http::RawResponse> response = PostToPublic(std::move(raw));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 401) << response->body();
  boost::json::value json = boost::json::parse(response->body());
  EXPECT_EQ(json.at("error").at("code").as_string(), "client_certificate_required");
  EXPECT_EQ(json.at("error").at("type").as_string(), "authentication_error");
  EXPECT_EQ(json.at("error").at("param").as_string(), "provider");
  EXPECT_NE(std::string(json.at("error").at("message").as_string()).find("mutual TLS"),
            std::string::npos);
  EXPECT_EQ((*response)["WWW-Authenticate"], "");
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);
}

TEST_F(PixMtlsWebhookTest, AnExplicitSandboxEndpointStillTakesItsSignature) {
  store::Purchase purchase = PendingPix("pix_sandbox");
  const std::string body = PixBody("E6mtls", kTxid, "19.90");
  http::RawRequest raw = PixPost("/v1/webhooks/pix_sandbox", body);
  raw.set("X-Sandbox-Signature", providers::stripe::SignPayload(body, kPixSecret, NowSeconds()));
  std::optional<http::RawResponse> response = PostToPublic(std::move(raw));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200) << response->body();
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
}

TEST_F(PixMtlsWebhookTest, PinnedNamesRefuseAnotherCertificateOfTheSameCa) {
  store::Purchase purchase = PendingPix("pix_pinned");
  TestPki::Issued other = pki_.Issue(psp_ca_, "other.psp.example", "DNS:other.psp.example");
  http::testing::TlsExchange refused =
      PostOverMtls("/v1/webhooks/pix_pinned/pix", PixBody("E7mtls", kTxid, "19.90"), other);
  ASSERT_TRUE(refused.response) << refused.error;
  EXPECT_EQ(refused.response->result_int(), 403) << refused.response->body();
  boost::json::value json = boost::json::parse(refused.response->body());
  EXPECT_EQ(json.at("error").at("code").as_string(), "client_certificate_not_allowed");
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);

  http::testing::TlsExchange accepted =
      PostOverMtls("/v1/webhooks/pix_pinned/pix", PixBody("E8mtls", kTxid, "19.90"), psp_);
  ASSERT_TRUE(accepted.response) << accepted.error;
  EXPECT_EQ(accepted.response->result_int(), 200) << accepted.response->body();
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
}

TEST_F(PixMtlsWebhookTest, OnlyWebhookRoutesOnTheWebhookListener) {
  http::RawRequest raw{http::Verb::get, "/v1/markets", 11};
  http::testing::TlsExchange result =
      http::testing::ExchangeOverTls(webhook_port_, gateway_ca_.cert_file, psp_, std::move(raw));
  ASSERT_TRUE(result.response) << result.error;
  EXPECT_EQ(result.response->result_int(), 404);
}

// marketgate-sandbox as the PSP: it pays the charge and delivers the BCB
// webhook over mutual TLS to the registered URL + "/pix".
TEST_F(PixMtlsWebhookTest, TheSandboxDeliversItsPixWebhookWithAClientCertificate) {
  store::Purchase purchase = PendingPix();
  std::unique_ptr<sandbox::SandboxServer> sandbox = SandboxPaying(psp_);
  ASSERT_NE(sandbox, nullptr);
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (StateOf(purchase.id) != PurchaseState::kSucceeded &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
  sandbox->Stop();
}

TEST_F(PixMtlsWebhookTest, TheSandboxWithoutTheClientCertificateSettlesNothing) {
  store::Purchase purchase = PendingPix();
  TestPki::Ca rogue_ca = pki_.MakeCa("rogue-ca");
  std::unique_ptr<sandbox::SandboxServer> sandbox =
      SandboxPaying(pki_.Issue(rogue_ca, "webhooks.psp.example", "DNS:webhooks.psp.example"));
  ASSERT_NE(sandbox, nullptr);
  // Its first deliveries (at once, then after 0.5 s) are refused at the handshake.
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);
  sandbox->Stop();
}

TEST(SandboxPixWebhookOptionsTest, AUrlWithoutACertificateIsRefused) {
  sandbox::SandboxOptions options;
  options.pix_webhook_url = "https://127.0.0.1:1/v1/webhooks/pix";
  auto sandbox = sandbox::SandboxServer::Start(options);
  ASSERT_FALSE(sandbox.ok());
  EXPECT_NE(sandbox.status().message().find("mutual TLS"), std::string::npos);
}

}  // namespace
}  // namespace mg::api::testing
