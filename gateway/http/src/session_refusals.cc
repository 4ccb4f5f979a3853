#include "session_refusals.h"

#include <boost/beast/http/error.hpp>

namespace mg::http {

SessionRefusal RefusalForConnection(ConnectionBudget::Refusal refusal) {
  using boost::beast::http::status;
  if (refusal == ConnectionBudget::Refusal::kAddressFull) {
    return SessionRefusal{status::too_many_requests, "too_many_connections",
                          "too many open connections from this address; close some or retry later",
                          "1"};
  }
  return SessionRefusal{status::service_unavailable, "too_many_connections",
                        "the server has too many open connections; retry later", "1"};
}

std::optional<SessionRefusal> RefusalForReadError(boost::beast::error_code ec, bool timed_out,
                                                  const HttpLimits& limits) {
  namespace http_error = boost::beast::http;
  using boost::beast::http::status;
  if (timed_out) {
    return SessionRefusal{status::request_timeout, "request_timeout",
                          "the request was not received in time", ""};
  }
  if (ec == http_error::error::body_limit) {
    return SessionRefusal{
        status::payload_too_large, "body_too_large",
        "the request body exceeds " + std::to_string(limits.max_body_bytes) + " bytes", ""};
  }
  if (ec == http_error::error::header_limit) {
    return SessionRefusal{
        status::request_header_fields_too_large, "header_too_large",
        "the request headers exceed " + std::to_string(limits.max_header_bytes) + " bytes", ""};
  }
  if (ec.category() == http_error::make_error_code(http_error::error::bad_target).category()) {
    return SessionRefusal{status::bad_request, "bad_request",
                          "malformed HTTP request: " + ec.message(), ""};
  }
  return std::nullopt;
}

}  // namespace mg::http
