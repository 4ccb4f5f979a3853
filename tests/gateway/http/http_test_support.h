// Test support for end-to-end HTTP tests: a server with test routes running
// in-process on an ephemeral loopback port, and small blocking Beast clients.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "gateway/http/pipeline.h"
#include "gateway/http/server.h"

namespace mg::http::testing {

inline constexpr const char* kReadKey = "sk_test_read";
inline constexpr const char* kAdminKey = "sk_test_admin";
inline constexpr size_t kBigBodyBytes = 64 << 20;

// A blocking client connection with a receive timeout, so that a test never
// hangs on a server that does not answer.
class TestClient {
 public:
  // `from`: the local address to connect from (any of 127.0.0.0/8 works on
  // Linux), so that a test can be two clients.
  explicit TestClient(unsigned short port,
                      std::chrono::milliseconds receive_timeout = std::chrono::seconds(10),
                      const std::string& from = "127.0.0.1");

  bool connected() const { return connected_; }
  boost::system::error_code Send(const RawRequest& request);
  boost::system::error_code SendRaw(const std::string& bytes);
  // The next response; nullopt with `error` set when none could be read.
  std::optional<RawResponse> Read(boost::system::error_code* error = nullptr);
  // True when the server closed the connection (EOF or reset) without sending more.
  bool ReadsEof();

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

// One request on a fresh connection.
std::optional<RawResponse> Fetch(unsigned short port, Verb verb, const std::string& target,
                                 const std::string& bearer = {}, const std::string& body = {});

RawRequest MakeRequest(Verb verb, const std::string& target, const std::string& bearer = {},
                       const std::string& body = {});

// A Server with routes for tests, run on a background thread:
//   GET  /test/echo/{name}       open; echoes name and the query
//   GET  /test/inline/{name}     open, never blocks (answered on the I/O thread)
//   GET  /test/big               open; kBigBodyBytes of text, more than socket buffers hold
//   GET  /test/peer              open; the verified client certificate or null
//   GET  /test/slow?ms=N         open; sleeps N ms on the worker thread
//   POST /test/body              open, JSON body; echoes it
//   GET  /test/read              scope read
//   POST /test/upload            scope read, JSON body; answers its size
//   GET  /admin/ping             scope admin, on the admin listener
//   GET  /metrics                open, on the admin listener
class TestServer {
 public:
  struct Options {
    HttpLimits limits;
    std::shared_ptr<boost::asio::ssl::context> tls;
    int io_threads = 2;
    int worker_threads = 4;
    // Unauthenticated requests per client address; nullopt: not limited.
    std::optional<RateLimit> per_address;
  };
  TestServer() : TestServer(Options{}) {}
  explicit TestServer(Options options);
  ~TestServer();

  unsigned short port() const { return port_; }
  unsigned short admin_port() const { return admin_port_; }
  Server& server() { return *server_; }
  MetricsRegistry& metrics() { return metrics_; }
  // Begins shutdown and waits for Run() to return.
  void ShutdownAndWait();
  bool running() const { return !stopped_; }

 private:
  MetricsRegistry metrics_;
  HttpMetrics http_metrics_;
  ApiKeyAuthenticator keys_;
  std::unique_ptr<AddressRateLimiter> address_limiter_;
  Router public_router_;
  Router admin_router_;
  std::unique_ptr<RequestPipeline> public_pipeline_;
  std::unique_ptr<RequestPipeline> admin_pipeline_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
  unsigned short admin_port_ = 0;
  bool stopped_ = false;
};

// A self-signed EC P-256 certificate for 127.0.0.1/localhost, made with the
// OpenSSL API and written to a fresh temporary directory.
struct TestCertificate {
  std::string dir;
  std::string cert_file;
  std::string key_file;
};
TestCertificate MakeSelfSignedCertificate();

}  // namespace mg::http::testing
