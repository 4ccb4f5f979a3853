// Response: what a handler returns. JSON is the default content type. An
// error response carries an ApiError whose body the RequestPipeline renders,
// adding the request id, so that every error has the same shape:
//
//   {"error": {"type": "invalid_request_error", "code": "not_found",
//              "message": "unknown market 'XX'", "param": "code"},
//    "request_id": "5f0c..."}
#pragma once

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mg::http {

inline constexpr const char* kJsonContentType = "application/json";

struct ApiError {
  std::string type;     // "invalid_request_error", "authentication_error", ...
  std::string code;     // stable snake_case: an ErrorCodeName or "invalid_json", "route_not_found"
  std::string message;  // for people; safe to show to the client
  std::string param;    // the offending parameter, "" when none
  // Extra members of the error object (the reload errors of /admin/reload).
  boost::json::object details;
  // For the log only: the original message when `message` was masked (500s).
  std::string log_message;
};

struct Response {
  boost::beast::http::status status = boost::beast::http::status::ok;
  std::string content_type = kJsonContentType;
  std::string body;
  // Extra headers ("Retry-After", "Allow", "Content-Language", ...).
  std::vector<std::pair<std::string, std::string>> headers;
  // Set on error responses; the pipeline renders it as the body.
  std::optional<ApiError> error;

  Response& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  // The value of an extra header; "" when not set.
  std::string_view Header(std::string_view name) const;
};

// A JSON body, serialized once here.
Response JsonResponse(const boost::json::value& body,
                      boost::beast::http::status status = boost::beast::http::status::ok);
Response TextResponse(std::string body, std::string content_type,
                      boost::beast::http::status status = boost::beast::http::status::ok);

}  // namespace mg::http
