// TLS end to end: a certificate generated in the test, TLS 1.3 and 1.2
// accepted, TLS 1.1 refused, bad key files reported.
#include "gateway/http/tls.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <filesystem>
#include <fstream>

#include "http_test_support.h"

namespace mg::http {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

struct TlsResult {
  boost::system::error_code handshake;
  int version = 0;  // TLS1_3_VERSION, ...
  std::optional<RawResponse> response;
};

// Connects with a client limited to [min_version, max_version] and, when the
// handshake succeeds, sends GET `target`.
TlsResult Exchange(unsigned short port, int min_version, int max_version,
                   const std::string& target = "/test/echo/tls") {
  TlsResult result;
  asio::io_context io;
  ssl::context context(ssl::context::tls_client);
  // Let the client offer old versions, so that the server is what refuses.
  SSL_CTX_set_security_level(context.native_handle(), 0);
  SSL_CTX_set_cipher_list(context.native_handle(), "ALL:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(context.native_handle(), min_version);
  SSL_CTX_set_max_proto_version(context.native_handle(), max_version);
  context.set_verify_mode(ssl::verify_none);
  ssl::stream<tcp::socket> stream(io, context);
  boost::system::error_code ec;
  stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) {
    result.handshake = ec;
    return result;
  }
  stream.handshake(ssl::stream_base::client, result.handshake);
  if (result.handshake) return result;
  result.version = SSL_version(stream.native_handle());
  boost::beast::http::write(stream, testing::MakeRequest(Verb::get, target), ec);
  if (ec) return result;
  boost::beast::flat_buffer buffer;
  RawResponse response;
  boost::beast::http::read(stream, buffer, response, ec);
  if (!ec) result.response = std::move(response);
  return result;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = testing::MakeSelfSignedCertificate();
    auto context = MakeServerTlsContext(cert_.cert_file, cert_.key_file);
    ASSERT_TRUE(context.ok()) << context.status().ToString();
    testing::TestServer::Options options;
    options.tls = *context;
    server_ = std::make_unique<testing::TestServer>(options);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(cert_.dir);
  }

  testing::TestCertificate cert_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(TlsTest, Tls13Works) {
  TlsResult result = Exchange(server_->port(), TLS1_3_VERSION, TLS1_3_VERSION);
  ASSERT_FALSE(result.handshake) << result.handshake.message();
  EXPECT_EQ(result.version, TLS1_3_VERSION);
  ASSERT_TRUE(result.response);
  EXPECT_EQ(result.response->result(), boost::beast::http::status::ok);
  EXPECT_EQ((*result.response)["X-Request-Id"].size(), 32u);
}

TEST_F(TlsTest, Tls12WithAnAeadCipherWorks) {
  TlsResult result = Exchange(server_->port(), TLS1_2_VERSION, TLS1_2_VERSION);
  ASSERT_FALSE(result.handshake) << result.handshake.message();
  EXPECT_EQ(result.version, TLS1_2_VERSION);
  ASSERT_TRUE(result.response);
}

TEST_F(TlsTest, Tls11IsRefused) {
  TlsResult result = Exchange(server_->port(), TLS1_1_VERSION, TLS1_1_VERSION);
  EXPECT_TRUE(result.handshake);
  EXPECT_FALSE(result.response);
  // The server still serves modern clients afterwards.
  EXPECT_FALSE(Exchange(server_->port(), TLS1_2_VERSION, TLS1_3_VERSION).handshake);
}

TEST_F(TlsTest, PlainHttpOnTheTlsPortGetsNoResponse) {
  testing::TestClient client(server_->port(), std::chrono::seconds(5));
  ASSERT_FALSE(client.Send(testing::MakeRequest(Verb::get, "/test/echo/x")));
  boost::system::error_code ec;
  EXPECT_FALSE(client.Read(&ec));
}

TEST(TlsContextTest, ReportsMissingAndMismatchedFiles) {
  auto missing = MakeServerTlsContext("/nonexistent/cert.pem", "/nonexistent/key.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/cert.pem"), std::string::npos);

  testing::TestCertificate a = testing::MakeSelfSignedCertificate();
  testing::TestCertificate b = testing::MakeSelfSignedCertificate();
  auto mismatched = MakeServerTlsContext(a.cert_file, b.key_file);
  ASSERT_FALSE(mismatched.ok());
  // OpenSSL refuses the key while loading it: "key values mismatch".
  EXPECT_NE(mismatched.status().message().find(b.key_file), std::string::npos)
      << mismatched.status().ToString();
  std::filesystem::remove_all(a.dir);
  std::filesystem::remove_all(b.dir);
}

}  // namespace
}  // namespace mg::http
