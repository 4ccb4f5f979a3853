// Beast implementation of HttpClient. See the header for the contract; the
// notes here say why the code is shaped as it is.
//
// Each Connection owns an io_context, so a thread that holds a connection
// drives its own asynchronous operations (ioc.run()) without sharing an event
// loop with other threads. Async operations are used only to get timeouts
// (beast::tcp_stream::expires_after); the API stays synchronous.
#include "gateway/outbound/http_client.h"

#include <poll.h>
#include <strings.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <vector>

namespace mg::outbound {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path_and_query;
  std::string PoolKey() const { return (tls ? "https://" : "http://") + host + ":" + port; }
};

Result<Target> ParseTarget(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return InvalidArgument("bad URL: " + parsed.error().message(), "url");
  Target t;
  std::string scheme(parsed->scheme());
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    return InvalidArgument("unsupported URL scheme '" + scheme + "'", "url");
  }
  t.host = std::string(parsed->encoded_host());
  if (parsed->host_type() == boost::urls::host_type::ipv6) {
    t.host = std::string(parsed->host_ipv6_address().to_string());
  }
  if (t.host.empty()) return InvalidArgument("URL has no host", "url");
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.path_and_query = std::string(parsed->encoded_path());
  if (t.path_and_query.empty()) t.path_and_query = "/";
  if (parsed->has_query()) t.path_and_query += "?" + std::string(parsed->encoded_query());
  return t;
}

// One keep-alive connection with its own event loop.
struct Connection {
  asio::io_context ioc;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  SteadyClock::time_point idle_since;

  beast::tcp_stream& Tcp() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  // Runs the queued operations to completion on this thread.
  void Run() {
    ioc.restart();
    ioc.run();
  }

  // A pooled connection is usable when nothing (data or EOF) is waiting to be
  // read on it: an idle HTTP/1.1 peer that sends something has closed it.
  bool LooksAlive() {
    if (!Tcp().socket().is_open()) return false;
    pollfd fd{Tcp().socket().native_handle(), POLLIN, 0};
    return ::poll(&fd, 1, 0) == 0;
  }
};

class BeastHttpClient final : public HttpClient {
 public:
  BeastHttpClient(HttpClientOptions options, ssl::context tls)
      : options_(std::move(options)), tls_(std::move(tls)) {}

  HttpResult Send(const HttpRequest& request) const override;
  std::size_t IdleConnections() const override {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const auto& [key, conns] : idle_) n += conns.size();
    return n;
  }
  std::size_t ConnectionsOpened() const override { return opened_.load(); }

 private:
  std::unique_ptr<Connection> TakeIdle(const std::string& key) const;
  void ReturnIdle(const std::string& key, std::unique_ptr<Connection> conn) const;
  std::unique_ptr<Connection> Open(const Target& target, std::string& error) const;

  HttpClientOptions options_;
  mutable ssl::context tls_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
  mutable std::atomic<std::size_t> opened_{0};
};

std::unique_ptr<Connection> BeastHttpClient::TakeIdle(const std::string& key) const {
  std::vector<std::unique_ptr<Connection>> stale;  // closed outside the lock
  std::unique_ptr<Connection> found;
  {
    std::lock_guard lock(mu_);
    auto it = idle_.find(key);
    if (it == idle_.end()) return nullptr;
    auto& conns = it->second;
    while (!conns.empty() && !found) {
      std::unique_ptr<Connection> c = std::move(conns.back());
      conns.pop_back();
      bool fresh = SteadyClock::now() - c->idle_since < options_.idle_timeout;
      if (fresh && c->LooksAlive()) {
        found = std::move(c);
      } else {
        stale.push_back(std::move(c));
      }
    }
  }
  return found;
}

void BeastHttpClient::ReturnIdle(const std::string& key, std::unique_ptr<Connection> conn) const {
  conn->idle_since = SteadyClock::now();
  std::lock_guard lock(mu_);
  auto& conns = idle_[key];
  if (conns.size() < options_.max_idle_per_host) conns.push_back(std::move(conn));
}

// The addresses of `target`, resolved within `deadline`. An IP literal (a
// sandbox on loopback, a provider pinned by address) is used as is: Asio's
// resolver starts a thread per io_context, and each connection has its own.
bool Resolve(Connection& conn, const Target& target, SteadyClock::time_point deadline,
             std::vector<tcp::endpoint>& endpoints, std::string& error) {
  beast::error_code ec;
  std::string_view host = target.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const asio::ip::address literal = asio::ip::make_address(host, ec);
  if (!ec) {
    unsigned long port = std::strtoul(target.port.c_str(), nullptr, 10);
    endpoints.emplace_back(literal, static_cast<unsigned short>(port));
    return true;
  }
  // A name: resolved, bounded by a timer (the resolver has no timeout of its own).
  tcp::resolver resolver(conn.ioc);
  asio::steady_timer timer(conn.ioc, deadline);
  bool timed_out = false;
  ec = {};
  resolver.async_resolve(target.host, target.port,
                         [&](beast::error_code e, tcp::resolver::results_type r) {
                           ec = e;
                           for (const auto& entry : r) endpoints.push_back(entry.endpoint());
                           timer.cancel();
                         });
  timer.async_wait([&](beast::error_code e) {
    if (!e) {
      timed_out = true;
      resolver.cancel();
    }
  });
  conn.Run();
  if (timed_out) {
    error = "resolve timeout";
    return false;
  }
  if (ec) {
    error = "resolve: " + ec.message();
    return false;
  }
  return true;
}

std::unique_ptr<Connection> BeastHttpClient::Open(const Target& target, std::string& error) const {
  auto conn = std::make_unique<Connection>();
  const auto deadline = SteadyClock::now() + options_.connect_timeout;

  std::vector<tcp::endpoint> endpoints;
  if (!Resolve(*conn, target, deadline, endpoints, error)) return nullptr;
  beast::error_code ec;

  if (target.tls) {
    conn->secure.emplace(conn->ioc, tls_);
    SSL* ssl_handle = conn->secure->native_handle();
    // SNI, and the name the certificate must carry (checked during the
    // handshake by OpenSSL when verification is on).
    if (!SSL_set_tlsext_host_name(ssl_handle, target.host.c_str()) ||
        (options_.verify_peer && !SSL_set1_host(ssl_handle, target.host.c_str()))) {
      error = "TLS: cannot set host name";
      return nullptr;
    }
    SSL_set_hostflags(ssl_handle, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  } else {
    conn->plain.emplace(conn->ioc);
  }
  beast::tcp_stream& tcp_stream = conn->Tcp();
  tcp_stream.expires_at(deadline);
  tcp_stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  conn->Run();
  if (ec) {
    error = ec == beast::error::timeout ? "connect timeout" : "connect: " + ec.message();
    return nullptr;
  }
  if (target.tls) {
    conn->secure->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
    conn->Run();
    if (ec) {
      error = ec == beast::error::timeout ? "TLS handshake timeout" : "TLS: " + ec.message();
      return nullptr;
    }
  }
  opened_.fetch_add(1);
  return conn;
}

HttpResult BeastHttpClient::Send(const HttpRequest& request) const {
  HttpResult result;
  result.kind = HttpResult::Kind::kNotSent;
  Result<Target> target = ParseTarget(request.url);
  if (!target.ok()) {
    result.error = target.status().message();
    return result;
  }
  http::verb verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown) {
    result.error = "unknown HTTP method " + request.method;
    return result;
  }
  http::request<http::string_body> req(verb, target->path_and_query, 11);
  std::string host_header = target->host;
  if (target->port != (target->tls ? "443" : "80")) host_header += ":" + target->port;
  req.set(http::field::host, host_header);
  req.set(http::field::user_agent, "marketgate");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.keep_alive(options_.max_idle_per_host > 0);
  req.body() = request.body;
  req.prepare_payload();

  const std::string key = target->PoolKey();
  std::unique_ptr<Connection> conn = TakeIdle(key);
  if (!conn) {
    conn = Open(*target, result.error);
    if (!conn) return result;
  }

  beast::error_code ec;
  std::size_t written = 0;
  conn->Tcp().expires_after(options_.read_timeout);
  auto on_write = [&](beast::error_code e, std::size_t n) {
    ec = e;
    written = n;
  };
  if (conn->secure) {
    http::async_write(*conn->secure, req, on_write);
  } else {
    http::async_write(*conn->plain, req, on_write);
  }
  conn->Run();
  if (ec) {
    // A request that failed before its first byte left cannot have been seen.
    result.kind = written == 0 ? HttpResult::Kind::kNotSent : HttpResult::Kind::kAmbiguous;
    result.error = ec == beast::error::timeout ? "write timeout" : "write: " + ec.message();
    return result;
  }

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.max_response_bytes);
  auto on_read = [&](beast::error_code e, std::size_t) { ec = e; };
  if (conn->secure) {
    http::async_read(*conn->secure, buffer, parser, on_read);
  } else {
    http::async_read(*conn->plain, buffer, parser, on_read);
  }
  conn->Run();
  if (ec) {
    result.kind = HttpResult::Kind::kAmbiguous;
    result.error = ec == beast::error::timeout ? "read timeout" : "read: " + ec.message();
    return result;
  }

  http::response<http::string_body> res = parser.release();
  result.kind = HttpResult::Kind::kResponse;
  result.response.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    result.response.headers.emplace_back(std::string(field.name_string()),
                                         std::string(field.value()));
  }
  result.response.body = std::move(res.body());
  if (res.keep_alive() && options_.max_idle_per_host > 0 && buffer.size() == 0) {
    conn->Tcp().expires_never();
    ReturnIdle(key, std::move(conn));
  }
  return result;
}

}  // namespace

std::string_view HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return {};
}

Result<std::shared_ptr<HttpClient>> HttpClient::Create(HttpClientOptions options) {
  ssl::context tls(ssl::context::tls_client);
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  beast::error_code ec;
  if (options.ca_file.empty()) {
    tls.set_default_verify_paths(ec);
  } else {
    tls.load_verify_file(options.ca_file, ec);
  }
  if (ec) return InvalidArgument("cannot load CA certificates: " + ec.message(), "http.ca_file");
  if (!options.client_cert_file.empty() || !options.client_key_file.empty()) {
    // Mutual TLS (API Pix PSPs, the sandbox's Pix webhooks): both or neither.
    tls.use_certificate_chain_file(options.client_cert_file, ec);
    if (ec) {
      return InvalidArgument(
          "cannot load client certificate '" + options.client_cert_file + "': " + ec.message(),
          "http.client_cert_file");
    }
    tls.use_private_key_file(options.client_key_file, ssl::context::pem, ec);
    if (ec) {
      return InvalidArgument("cannot load client key '" + options.client_key_file +
                                 "' for certificate '" + options.client_cert_file +
                                 "': " + ec.message(),
                             "http.client_key_file");
    }
  }
  tls.set_verify_mode(options.verify_peer ? ssl::verify_peer : ssl::verify_none);
  return std::shared_ptr<HttpClient>(
      std::make_shared<BeastHttpClient>(std::move(options), std::move(tls)));
}

}  // namespace mg::outbound
