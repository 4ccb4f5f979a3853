// A blocking HTTP/1.1 client over plain TCP or TLS, one keep-alive
// connection, for end-to-end tests against a server process. TLS trusts the
// test's CA file and checks the host name, as a real client would.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "gateway/http/request.h"

namespace mg::e2e {

struct WireResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names

  std::string Header(const std::string& lower_case_name) const;
};

class WireClient {
 public:
  // `ca_file` empty: plain HTTP; else TLS verified against it for "localhost".
  WireClient(unsigned short port, std::string ca_file);

  // Sends one request on the connection (reconnecting when the server closed
  // it) and reads the answer; nullopt and `error` on a transport failure.
  std::optional<WireResponse> Exchange(http::Verb verb, const std::string& target,
                                       const std::string& bearer, const std::string& body = {},
                                       const std::map<std::string, std::string>& headers = {});
  std::optional<WireResponse> Send(const http::RawRequest& request);
  const std::string& error() const { return error_; }

 private:
  bool Connect();

  unsigned short port_;
  std::string ca_file_;
  boost::asio::io_context io_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::unique_ptr<boost::asio::ip::tcp::socket> plain_;
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> secure_;
  boost::beast::flat_buffer buffer_;
  std::string error_;
};

}  // namespace mg::e2e
