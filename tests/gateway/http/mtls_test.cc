// Mutual TLS end to end over loopback sockets: a listener whose context
// requires a client certificate from its client CA refuses clients without
// one, with one from another CA or an expired one, during the handshake; a
// verified certificate reaches the handler (Request::client_certificate),
// which a request cannot forge; a plain TLS listener never asks for one.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "gateway/http/tls.h"
#include "http_test_support.h"
#include "tls_test_support.h"

namespace mg::http {
namespace {

using testing::TestPki;

class MutualTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ca_ = pki_.MakeCa("gateway-ca");
    psp_ca_ = pki_.MakeCa("psp-ca");
    server_cert_ = pki_.Issue(server_ca_, "localhost", "DNS:localhost,IP:127.0.0.1");
    auto context = MakeMutualTlsServerContext(server_cert_.cert_file, server_cert_.key_file,
                                              psp_ca_.cert_file);
    ASSERT_TRUE(context.ok()) << context.status().ToString();
    testing::TestServer::Options options;
    options.tls = *context;
    server_ = std::make_unique<testing::TestServer>(options);
  }

  testing::TlsExchange Peer(const std::optional<TestPki::Issued>& client, int max_tls_version = 0) {
    return testing::ExchangeOverTls(server_->port(), server_ca_.cert_file, client,
                                    testing::MakeRequest(Verb::get, "/test/peer"), max_tls_version);
  }

  TestPki pki_;
  TestPki::Ca server_ca_;
  TestPki::Ca psp_ca_;
  TestPki::Issued server_cert_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(MutualTlsTest, AVerifiedClientCertificateReachesTheHandler) {
  TestPki::Issued psp = pki_.Issue(psp_ca_, "webhooks.psp.example", "DNS:webhooks.psp.example");
  testing::TlsExchange result = Peer(psp);
  ASSERT_TRUE(result.response) << result.error;
  ASSERT_EQ(result.response->result_int(), 200);
  boost::json::value body = boost::json::parse(result.response->body());
  const boost::json::object& client = body.at("client").as_object();
  EXPECT_EQ(client.at("common_name").as_string(), "webhooks.psp.example");
  EXPECT_EQ(client.at("subject").as_string(), "CN=webhooks.psp.example,O=marketgate tests");
  ASSERT_EQ(client.at("dns_names").as_array().size(), 1u);
  EXPECT_EQ(client.at("dns_names").as_array()[0].as_string(), "webhooks.psp.example");
}

TEST_F(MutualTlsTest, WithoutACertificateNoRequestIsServed) {
  // TLS 1.3: the client's handshake may finish before the server's alert
  // arrives, so the refusal shows on the first read; either way no answer.
  testing::TlsExchange result = Peer(std::nullopt);
  EXPECT_FALSE(result.response) << result.response->body();
  EXPECT_FALSE(result.error.empty());
  // TLS 1.2: the handshake itself fails.
  testing::TlsExchange tls12 = Peer(std::nullopt, TLS1_2_VERSION);
  EXPECT_FALSE(tls12.handshake_ok);
  EXPECT_FALSE(tls12.response);
}

TEST_F(MutualTlsTest, ACertificateFromAnotherCaIsRefused) {
  TestPki::Ca rogue_ca = pki_.MakeCa("rogue-ca");
  // Same names as the PSP's: only the issuer differs.
  TestPki::Issued rogue = pki_.Issue(rogue_ca, "webhooks.psp.example", "DNS:webhooks.psp.example");
  EXPECT_FALSE(Peer(rogue).response);
  EXPECT_FALSE(Peer(rogue, TLS1_2_VERSION).handshake_ok);
  // The server CA does not stand in for the client CA either.
  TestPki::Issued ours = pki_.Issue(server_ca_, "client.gateway.example", "");
  EXPECT_FALSE(Peer(ours).response);
}

TEST_F(MutualTlsTest, AnExpiredCertificateIsRefused) {
  TestPki::Issued expired = pki_.Issue(psp_ca_, "webhooks.psp.example", "", /*valid_days=*/-1);
  EXPECT_FALSE(Peer(expired).response);
  EXPECT_FALSE(Peer(expired, TLS1_2_VERSION).handshake_ok);
}

TEST_F(MutualTlsTest, TheServerStillServesAfterRefusals) {
  EXPECT_FALSE(Peer(std::nullopt).response);
  TestPki::Issued psp = pki_.Issue(psp_ca_, "webhooks.psp.example", "");
  testing::TlsExchange tls12 = Peer(psp, TLS1_2_VERSION);
  ASSERT_TRUE(tls12.response) << tls12.error;
  EXPECT_EQ(tls12.response->result_int(), 200);
}

TEST(PlainTlsTest, AListenerWithoutClientCaSeesNoClientCertificate) {
  TestPki pki;
  TestPki::Ca server_ca = pki.MakeCa("gateway-ca");
  TestPki::Issued server_cert = pki.Issue(server_ca, "localhost", "IP:127.0.0.1");
  auto context = MakeServerTlsContext(server_cert.cert_file, server_cert.key_file);
  ASSERT_TRUE(context.ok()) << context.status().ToString();
  testing::TestServer::Options options;
  options.tls = *context;
  testing::TestServer server(options);
  // The client offers a certificate from a CA; the server never asks for it.
  TestPki::Issued psp = pki.Issue(pki.MakeCa("psp-ca"), "webhooks.psp.example", "");
  testing::TlsExchange result = testing::ExchangeOverTls(
      server.port(), server_ca.cert_file, psp, testing::MakeRequest(Verb::get, "/test/peer"));
  ASSERT_TRUE(result.response) << result.error;
  EXPECT_EQ(result.response->body(), R"({"client":null})");
}

TEST(PlainTlsTest, AHeaderCannotClaimAClientCertificate) {
  MetricsRegistry metrics;
  HttpMetrics http_metrics(metrics);
  ApiKeyAuthenticator keys({});
  Router router;
  ASSERT_TRUE(router
                  .Add(Verb::get, "/peer", {},
                       [](const Request& request) -> Result<Response> {
                         return TextResponse(request.client_certificate ? "yes" : "no",
                                             "text/plain");
                       })
                  .ok());
  RequestPipeline pipeline(router, keys, http_metrics);
  RawRequest raw = testing::MakeRequest(Verb::get, "/peer");
  raw.set("X-Client-Cert", "CN=webhooks.psp.example");
  raw.set("X-SSL-Client-Verify", "SUCCESS");
  EXPECT_EQ(pipeline.Handle(raw).body(), "no");
  auto cert = std::make_shared<ClientCertificate>();
  EXPECT_EQ(pipeline.Handle(raw, "", cert).body(), "yes");
}

TEST(MutualTlsContextTest, ReportsAMissingOrEmptyClientCaFile) {
  TestPki pki;
  TestPki::Issued server = pki.Issue(pki.MakeCa("gateway-ca"), "localhost", "");
  auto missing =
      MakeMutualTlsServerContext(server.cert_file, server.key_file, pki.PathOf("absent.pem"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(pki.PathOf("absent.pem")), std::string::npos)
      << missing.status().ToString();

  std::string empty = pki.WriteFile("empty.pem", "no certificate here\n");
  auto none = MakeMutualTlsServerContext(server.cert_file, server.key_file, empty);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find(empty), std::string::npos) << none.status().ToString();

  // The server's own files are still checked first.
  auto bad_cert = MakeMutualTlsServerContext(pki.PathOf("nope.pem"), server.key_file, empty);
  ASSERT_FALSE(bad_cert.ok());
  EXPECT_NE(bad_cert.status().message().find(pki.PathOf("nope.pem")), std::string::npos);
}

}  // namespace
}  // namespace mg::http
