// Request and Response: what a route handler sees and returns. Handlers are
// pure functions of a Request (request.h, response.h); they never touch a
// socket, so they are tested by building a Request by hand.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mg::http {

namespace beast_http = boost::beast::http;
using Verb = beast_http::verb;

// The wire types the sessions read and write.
using RawRequest = beast_http::request<beast_http::string_body>;
using RawResponse = beast_http::response<beast_http::string_body>;

struct ApiKey;

// The client certificate a TLS listener verified during the handshake against
// its client CA (server.h, ListenerSpec::tls from MakeMutualTlsServerContext).
// Set by the session from the TLS connection, never from anything the client
// sends in the request, so a handler may trust it.
struct ClientCertificate {
  std::string subject;                 // RFC 2253: "CN=webhook.psp.example,O=PSP"
  std::string common_name;             // the subject's (last) CN; "" when none
  std::vector<std::string> dns_names;  // the subjectAltName DNS entries
};

struct Request {
  Verb method = Verb::get;
  std::string path;  // as received, percent-encoded, without the query: "/v1/markets/DE"
  // The matched template: "/v1/markets/{code}". Points into the router,
  // which outlives every request.
  std::string_view route;
  std::map<std::string, std::string, std::less<>> path_params;  // decoded: {"code": "DE"}
  std::vector<std::pair<std::string, std::string>> query;       // decoded, in order
  beast_http::fields headers;
  std::string body;
  // The parsed body on routes registered with `json_body`; null otherwise.
  boost::json::value json;
  std::string request_id;
  // The client's address as the rate limiter keys it ("" in tests that build
  // requests by hand). Behind a proxy: the proxy's.
  std::string client_address;
  // The authenticated key on routes that require a scope; null on open routes.
  // Points into the ApiKeyAuthenticator, which outlives every request.
  const ApiKey* api_key = nullptr;
  // The connection's verified client certificate; null on plain HTTP and on
  // TLS listeners that do not ask for one. Shared by the requests of one
  // connection.
  std::shared_ptr<const ClientCertificate> client_certificate;

  // "" when the header is absent.
  std::string_view Header(beast_http::field name) const;
  std::string_view Header(std::string_view name) const;
  // The first value of a query parameter; nullopt when absent.
  std::optional<std::string_view> QueryParam(std::string_view name) const;
  // A parameter of the route template; "" when the template has none by that name.
  std::string_view PathParam(std::string_view name) const;
};

}  // namespace mg::http
