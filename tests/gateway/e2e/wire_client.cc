#include "wire_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace mg::e2e {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast_http = boost::beast::http;
using asio::ip::tcp;

// A test must fail, not hang, when the server stops answering.
void SetReceiveTimeout(tcp::socket& socket) {
  timeval timeout{};
  timeout.tv_sec = 15;
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string WireResponse::Header(const std::string& lower_case_name) const {
  auto found = headers.find(lower_case_name);
  return found == headers.end() ? std::string() : found->second;
}

WireClient::WireClient(unsigned short port, std::string ca_file)
    : port_(port), ca_file_(std::move(ca_file)) {
  if (!ca_file_.empty()) {
    tls_ = std::make_unique<ssl::context>(ssl::context::tls_client);
    tls_->load_verify_file(ca_file_);
    tls_->set_verify_mode(ssl::verify_peer);
  }
}

bool WireClient::Connect() {
  boost::system::error_code ec;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
  buffer_.clear();
  if (!tls_) {
    plain_ = std::make_unique<tcp::socket>(io_);
    plain_->connect(endpoint, ec);
    if (!ec) SetReceiveTimeout(*plain_);
  } else {
    secure_ = std::make_unique<ssl::stream<tcp::socket>>(io_, *tls_);
    secure_->set_verify_callback(ssl::host_name_verification("localhost"));
    secure_->next_layer().connect(endpoint, ec);
    if (!ec) {
      SetReceiveTimeout(secure_->next_layer());
      secure_->handshake(ssl::stream_base::client, ec);
    }
  }
  if (ec) error_ = "connect: " + ec.message();
  return !ec;
}

std::optional<WireResponse> WireClient::Send(const http::RawRequest& request) {
  // One retry on a fresh connection: the server may have closed an idle one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!plain_ && !secure_ && !Connect()) return std::nullopt;
    boost::system::error_code ec;
    http::RawResponse response;
    if (plain_) {
      beast_http::write(*plain_, request, ec);
      if (!ec) beast_http::read(*plain_, buffer_, response, ec);
    } else {
      beast_http::write(*secure_, request, ec);
      if (!ec) beast_http::read(*secure_, buffer_, response, ec);
    }
    if (ec) {
      error_ = "exchange: " + ec.message();
      plain_.reset();
      secure_.reset();
      continue;
    }
    WireResponse out;
    out.status = response.result_int();
    out.body = response.body();
    for (const auto& field : response) {
      out.headers[Lower(std::string(field.name_string()))] = std::string(field.value());
    }
    if (!response.keep_alive()) {
      plain_.reset();
      secure_.reset();
    }
    return out;
  }
  return std::nullopt;
}

std::optional<WireResponse> WireClient::Exchange(http::Verb verb, const std::string& target,
                                                 const std::string& bearer,
                                                 const std::string& body,
                                                 const std::map<std::string, std::string>& headers) {
  http::RawRequest request{verb, target, 11};
  request.set(beast_http::field::host, "localhost");
  if (!bearer.empty()) request.set(beast_http::field::authorization, "Bearer " + bearer);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty()) {
    request.set(beast_http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  return Send(request);
}

}  // namespace mg::e2e
