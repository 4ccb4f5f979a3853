#include "gateway/http/error_mapping.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace mg::http {
namespace {

using boost::beast::http::status;

constexpr const char* kInvalidRequest = "invalid_request_error";

}  // namespace

ErrorMapping MapErrorCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return {status::bad_request, kInvalidRequest};
    case ErrorCode::kUnprocessable:
      return {status::unprocessable_entity, kInvalidRequest};
    case ErrorCode::kNotFound:
      return {status::not_found, kInvalidRequest};
    case ErrorCode::kOutOfRange:
      return {status::unprocessable_entity, kInvalidRequest};
    case ErrorCode::kCurrencyMismatch:
      return {status::unprocessable_entity, kInvalidRequest};
    case ErrorCode::kFailedPrecondition:
      return {status::conflict, kInvalidRequest};
    case ErrorCode::kUnauthenticated:
      return {status::unauthorized, "authentication_error"};
    case ErrorCode::kPermissionDenied:
      return {status::forbidden, "permission_error"};
    case ErrorCode::kConflict:
      return {status::conflict, "idempotency_error"};
    case ErrorCode::kUnavailableForLegal:
      return {status::unavailable_for_legal_reasons, "compliance_error"};
    case ErrorCode::kComplianceDenied:
      return {status::unprocessable_entity, "compliance_error"};
    case ErrorCode::kPaymentDeclined:
      return {status::payment_required, "payment_error"};
    case ErrorCode::kRateLimited:
      return {status::too_many_requests, "rate_limit_error"};
    case ErrorCode::kUnavailable:
      return {status::service_unavailable, "api_error"};
    case ErrorCode::kInternal:
      return {status::internal_server_error, "api_error"};
    case ErrorCode::kOk:
      break;
  }
  // kOk is not an error; answering it as one is a bug.
  return {status::internal_server_error, "api_error"};
}

Response ErrorResponse(const Status& error) {
  ErrorMapping mapping = MapErrorCode(error.code());
  Response response;
  response.status = mapping.status;
  ApiError& api = response.error.emplace();
  api.type = mapping.type;
  api.code = ErrorCodeName(error.code());
  api.message = error.message();
  api.param = error.param();
  if (!error.internal_detail().empty()) {
    // The client gets the message; the detail (a database's own text) goes
    // to the log with the request id.
    api.log_message = error.ToString();
  }
  if (mapping.status == status::internal_server_error) {
    // Internals (file names, invariants) stay in the log.
    api.log_message = error.ToString();
    api.code = ErrorCodeName(ErrorCode::kInternal);
    api.message = "internal error; quote the request id when reporting it";
    api.param.clear();
  }
  switch (error.code()) {
    case ErrorCode::kUnauthenticated:
      response.WithHeader("WWW-Authenticate", "Bearer realm=\"marketgate\"");
      break;
    case ErrorCode::kRateLimited:
      response.WithHeader("Retry-After", "1");
      break;
    default:
      break;
  }
  return response;
}

Response ProtocolError(boost::beast::http::status http_status, std::string code,
                       std::string message) {
  Response response;
  response.status = http_status;
  ApiError& api = response.error.emplace();
  // A limit of the server is not the request's fault; the client retries.
  api.type = http_status == status::too_many_requests    ? "rate_limit_error"
             : static_cast<unsigned>(http_status) >= 500 ? "api_error"
                                                         : kInvalidRequest;
  api.code = std::move(code);
  api.message = std::move(message);
  return response;
}

std::string RenderErrorBody(const ApiError& error, std::string_view request_id) {
  boost::json::object object;
  object["type"] = error.type;
  object["code"] = error.code;
  object["message"] = error.message;
  if (error.param.empty()) {
    object["param"] = nullptr;
  } else {
    object["param"] = error.param;
  }
  for (const auto& [key, value] : error.details) object[key] = value;
  boost::json::object body;
  body["error"] = std::move(object);
  body["request_id"] = request_id;
  return boost::json::serialize(body);
}

}  // namespace mg::http
