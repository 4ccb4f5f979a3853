#include "http_test_support.h"

#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "base/crypto.h"
#include "gateway/http/response.h"

namespace mg::http::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::beast::http::field;

std::unique_ptr<RequestPipeline> BuildPipeline(const Router& router,
                                               const ApiKeyAuthenticator& keys,
                                               HttpMetrics& metrics,
                                               const AddressRateLimiter* per_address = nullptr) {
  return std::make_unique<RequestPipeline>(router, keys, metrics,
                                           PipelineLimiters{nullptr, per_address});
}

}  // namespace

TestClient::TestClient(unsigned short port, std::chrono::milliseconds receive_timeout,
                       const std::string& from)
    : socket_(io_) {
  boost::system::error_code ec;
  socket_.open(tcp::v4(), ec);
  if (!ec) socket_.bind(tcp::endpoint(asio::ip::make_address(from), 0), ec);
  if (ec) return;
  socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return;
  timeval timeout{};
  timeout.tv_sec = static_cast<time_t>(receive_timeout.count() / 1000);
  timeout.tv_usec = static_cast<suseconds_t>((receive_timeout.count() % 1000) * 1000);
  ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  connected_ = true;
}

boost::system::error_code TestClient::Send(const RawRequest& request) {
  boost::system::error_code ec;
  boost::beast::http::write(socket_, request, ec);
  return ec;
}

boost::system::error_code TestClient::SendRaw(const std::string& bytes) {
  boost::system::error_code ec;
  asio::write(socket_, asio::buffer(bytes), ec);
  return ec;
}

std::optional<RawResponse> TestClient::Read(boost::system::error_code* error) {
  boost::beast::http::response_parser<boost::beast::http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  boost::system::error_code ec;
  boost::beast::http::read(socket_, buffer_, parser, ec);
  if (error != nullptr) *error = ec;
  if (ec) return std::nullopt;
  return parser.release();
}

bool TestClient::ReadsEof() {
  char byte;
  boost::system::error_code ec;
  if (buffer_.size() > 0) return false;
  socket_.read_some(asio::buffer(&byte, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

RawRequest MakeRequest(Verb verb, const std::string& target, const std::string& bearer,
                       const std::string& body) {
  RawRequest request{verb, target, 11};
  request.set(field::host, "127.0.0.1");
  if (!bearer.empty()) request.set(field::authorization, "Bearer " + bearer);
  if (!body.empty()) {
    request.set(field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  return request;
}

std::optional<RawResponse> Fetch(unsigned short port, Verb verb, const std::string& target,
                                 const std::string& bearer, const std::string& body) {
  TestClient client(port);
  if (!client.connected()) return std::nullopt;
  if (client.Send(MakeRequest(verb, target, bearer, body))) return std::nullopt;
  return client.Read();
}

TestServer::TestServer(Options options)
    : http_metrics_(metrics_),
      keys_({ApiKey{"reader", Sha256(kReadKey), {Scope::kRead}},
             ApiKey{"admin", Sha256(kAdminKey), {Scope::kAdmin}}}) {
  auto must = [](Status status) { EXPECT_TRUE(status.ok()) << status.ToString(); };
  must(public_router_.Add(Verb::get, "/test/echo/{name}", {},
                          [](const Request& request) -> Result<Response> {
                            boost::json::object body;
                            body["name"] = request.PathParam("name");
                            body["q"] = std::string(request.QueryParam("q").value_or(""));
                            return JsonResponse(body);
                          }));
  must(public_router_.Add(
      Verb::get, "/test/inline/{name}", {.may_block = &NeverBlocks},
      [](const Request& request) -> Result<Response> {
        return JsonResponse(boost::json::object{{"name", request.PathParam("name")}});
      }));
  must(public_router_.Add(Verb::get, "/test/big", {.may_block = &NeverBlocks},
                          [](const Request&) -> Result<Response> {
                            return TextResponse(std::string(kBigBodyBytes, 'x'), "text/plain");
                          }));
  must(public_router_.Add(
      Verb::get, "/test/slow", {}, [](const Request& request) -> Result<Response> {
        int ms = std::atoi(std::string(request.QueryParam("ms").value_or("0")).c_str());
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        return JsonResponse(boost::json::object{{"slept_ms", ms}});
      }));
  must(public_router_.Add(
      Verb::get, "/test/peer", {}, [](const Request& request) -> Result<Response> {
        const ClientCertificate* cert = request.client_certificate.get();
        if (cert == nullptr) {
          return JsonResponse(boost::json::object{{"client", nullptr}});
        }
        boost::json::array dns(cert->dns_names.begin(), cert->dns_names.end());
        return JsonResponse(boost::json::object{{"client",
                                                 {{"subject", cert->subject},
                                                  {"common_name", cert->common_name},
                                                  {"dns_names", std::move(dns)}}}});
      }));
  must(public_router_.Add(
      Verb::post, "/test/body", {.json_body = true},
      [](const Request& request) -> Result<Response> { return JsonResponse(request.json); }));
  must(
      public_router_.Add(Verb::get, "/test/read", {.scope = Scope::kRead},
                         [](const Request& request) -> Result<Response> {
                           return JsonResponse(boost::json::object{{"key", request.api_key->name}});
                         }));
  must(public_router_.Add(Verb::post, "/test/upload", {.scope = Scope::kRead, .json_body = true},
                          [](const Request& request) -> Result<Response> {
                            return JsonResponse(boost::json::object{
                                {"bytes", static_cast<int64_t>(request.body.size())}});
                          }));
  must(admin_router_.Add(Verb::get, "/admin/ping", {.scope = Scope::kAdmin},
                         [](const Request&) -> Result<Response> {
                           return JsonResponse(boost::json::object{{"pong", true}});
                         }));
  must(admin_router_.Add(Verb::get, "/metrics", {}, [this](const Request&) -> Result<Response> {
    return TextResponse(metrics_.RenderText(), "text/plain; version=0.0.4");
  }));
  if (options.per_address) {
    address_limiter_ = std::make_unique<AddressRateLimiter>(*options.per_address);
  }
  public_pipeline_ = BuildPipeline(public_router_, keys_, http_metrics_, address_limiter_.get());
  admin_pipeline_ = BuildPipeline(admin_router_, keys_, http_metrics_);

  ServerOptions server_options;
  server_options.io_threads = options.io_threads;
  server_options.worker_threads = options.worker_threads;
  server_options.limits = options.limits;
  server_ = std::make_unique<Server>(server_options);
  auto endpoint = server_->AddListener(
      ListenerSpec{"public", "127.0.0.1", 0, public_pipeline_.get(), options.tls});
  EXPECT_TRUE(endpoint.ok()) << endpoint.status().ToString();
  if (endpoint.ok()) port_ = endpoint->port();
  auto admin = server_->AddListener(ListenerSpec{"admin", "127.0.0.1", 0, admin_pipeline_.get()});
  EXPECT_TRUE(admin.ok()) << admin.status().ToString();
  if (admin.ok()) admin_port_ = admin->port();
  thread_ = std::thread([this] { server_->Run(); });
}

void TestServer::ShutdownAndWait() {
  if (stopped_) return;
  server_->Shutdown();
  thread_.join();
  stopped_ = true;
}

TestServer::~TestServer() { ShutdownAndWait(); }

TestCertificate MakeSelfSignedCertificate() {
  TestCertificate result;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("mg_tls_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  result.dir = dir.string();
  result.cert_file = (dir / "cert.pem").string();
  result.key_file = (dir / "key.pem").string();

  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  X509_add_ext(cert, san, -1);
  X509_EXTENSION_free(san);
  X509_sign(cert, key, EVP_sha256());

  FILE* cert_out = std::fopen(result.cert_file.c_str(), "w");
  PEM_write_X509(cert_out, cert);
  std::fclose(cert_out);
  FILE* key_out = std::fopen(result.key_file.c_str(), "w");
  PEM_write_PrivateKey(key_out, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(key_out);
  X509_free(cert);
  EVP_PKEY_free(key);
  return result;
}

}  // namespace mg::http::testing
