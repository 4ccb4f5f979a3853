// The one table from mg::ErrorCode to an HTTP status and a Stripe-like error
// type (error_mapping.cc). Handlers never pick HTTP statuses for errors; they
// return a Status and the table decides.
//
//   code                   HTTP  type                   why
//   kInvalidArgument        400  invalid_request_error  malformed input
//   kUnprocessable          422  invalid_request_error  well-formed, semantically invalid
//   kNotFound               404  invalid_request_error
//   kOutOfRange             422  invalid_request_error  amount outside limits, overflow
//   kCurrencyMismatch       422  invalid_request_error
//   kFailedPrecondition     409  invalid_request_error  the resource's current state forbids it
//                                                       (stale FX rate, state machine); may
//                                                       succeed once the state changes
//   kUnauthenticated        401  authentication_error   + WWW-Authenticate: Bearer
//   kPermissionDenied       403  permission_error       the API key lacks the scope
//   kConflict               409  idempotency_error      idempotency key reused
//   kUnavailableForLegal    451  compliance_error       market suspended by law
//   kComplianceDenied       422  compliance_error       a regulatory rule refused a well-formed,
//                                                       authorized request; 403 is kept for
//                                                       API-key scopes, so that clients can tell
//                                                       "your key is wrong" from "the law says no"
//   kPaymentDeclined        402  payment_error
//   kRateLimited            429  rate_limit_error       + Retry-After (1 s unless the handler sets
//   it) kUnavailable            503  api_error              retryable kInternal               500
//   api_error              message masked; the log has it
//
// Errors that are not an ErrorCode (the HTTP layer's own) use ProtocolError:
// 400 invalid_json / bad_request, 404 route_not_found, 405 method_not_allowed,
// 408 request_timeout, 413 body_too_large, 415 unsupported_media_type,
// 431 header_too_large.
#pragma once

#include <boost/beast/http/status.hpp>
#include <string>
#include <string_view>

#include "base/status.h"
#include "gateway/http/response.h"

namespace mg::http {

struct ErrorMapping {
  boost::beast::http::status status;
  const char* type;
};

// REQUIRES: code != kOk.
ErrorMapping MapErrorCode(ErrorCode code);

// An error response for a non-OK Status, mapped by the table above.
Response ErrorResponse(const Status& status);

// An error of the HTTP layer itself (type invalid_request_error).
Response ProtocolError(boost::beast::http::status status, std::string code, std::string message);

// {"error": {"type", "code", "message", "param"}, "request_id"}; "param" is
// null when empty; `details` members are added to the error object.
std::string RenderErrorBody(const ApiError& error, std::string_view request_id);

}  // namespace mg::http
