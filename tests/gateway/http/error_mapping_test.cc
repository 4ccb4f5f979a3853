#include "gateway/http/error_mapping.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "base/status.h"

namespace mg::http {
namespace {

using boost::beast::http::status;

TEST(UnprocessableTest, HasItsOwnCodeAndName) {
  Status error = Unprocessable("quantity must be at least 1", "items[0].quantity");
  EXPECT_EQ(error.code(), ErrorCode::kUnprocessable);
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kUnprocessable), "unprocessable");
  EXPECT_EQ(error.ToString(),
            "unprocessable: quantity must be at least 1 (param: items[0].quantity)");
}

TEST(ErrorMappingTest, EveryCodeHasOneStatus) {
  struct Case {
    ErrorCode code;
    status expected;
    const char* type;
  };
  const Case cases[] = {
      {ErrorCode::kInvalidArgument, status::bad_request, "invalid_request_error"},
      {ErrorCode::kUnprocessable, status::unprocessable_entity, "invalid_request_error"},
      {ErrorCode::kNotFound, status::not_found, "invalid_request_error"},
      {ErrorCode::kOutOfRange, status::unprocessable_entity, "invalid_request_error"},
      {ErrorCode::kCurrencyMismatch, status::unprocessable_entity, "invalid_request_error"},
      {ErrorCode::kFailedPrecondition, status::conflict, "invalid_request_error"},
      {ErrorCode::kUnauthenticated, status::unauthorized, "authentication_error"},
      {ErrorCode::kPermissionDenied, status::forbidden, "permission_error"},
      {ErrorCode::kConflict, status::conflict, "idempotency_error"},
      {ErrorCode::kUnavailableForLegal, status::unavailable_for_legal_reasons, "compliance_error"},
      {ErrorCode::kComplianceDenied, status::unprocessable_entity, "compliance_error"},
      {ErrorCode::kPaymentDeclined, status::payment_required, "payment_error"},
      {ErrorCode::kRateLimited, status::too_many_requests, "rate_limit_error"},
      {ErrorCode::kUnavailable, status::service_unavailable, "api_error"},
      {ErrorCode::kInternal, status::internal_server_error, "api_error"},
  };
  // The table covers every code but kOk.
  EXPECT_EQ(std::size(cases), static_cast<size_t>(ErrorCode::kInternal));
  for (const Case& c : cases) {
    ErrorMapping mapping = MapErrorCode(c.code);
    EXPECT_EQ(mapping.status, c.expected) << ErrorCodeName(c.code);
    EXPECT_STREQ(mapping.type, c.type) << ErrorCodeName(c.code);
  }
}

TEST(ErrorMappingTest, ResponseCarriesCodeMessageAndParam) {
  Response response = ErrorResponse(Status(ErrorCode::kNotFound, "unknown market 'XX'", "code"));
  EXPECT_EQ(response.status, status::not_found);
  ASSERT_TRUE(response.error.has_value());
  EXPECT_EQ(response.error->code, "not_found");
  auto body = boost::json::parse(RenderErrorBody(*response.error, "req-1")).as_object();
  EXPECT_EQ(body.at("request_id"), "req-1");
  const auto& error = body.at("error").as_object();
  EXPECT_EQ(error.at("type"), "invalid_request_error");
  EXPECT_EQ(error.at("code"), "not_found");
  EXPECT_EQ(error.at("message"), "unknown market 'XX'");
  EXPECT_EQ(error.at("param"), "code");
}

TEST(ErrorMappingTest, EmptyParamIsNull) {
  Response response = ErrorResponse(Status(ErrorCode::kUnavailable, "store down"));
  auto body = boost::json::parse(RenderErrorBody(*response.error, "r")).as_object();
  EXPECT_TRUE(body.at("error").at("param").is_null());
}

TEST(ErrorMappingTest, InternalMessagesAreMasked) {
  Response response = ErrorResponse(Status(ErrorCode::kInternal, "invariant broken in x.cc:12"));
  EXPECT_EQ(response.error->message.find("x.cc"), std::string::npos);
  EXPECT_NE(response.error->log_message.find("x.cc:12"), std::string::npos);
}

// Issue 15: libpq's text (host, user, row values) reached clients in 503
// and 409 bodies.
TEST(ErrorMappingTest, AnInternalDetailIsLoggedAndNeverSent) {
  for (ErrorCode code : {ErrorCode::kUnavailable, ErrorCode::kConflict, ErrorCode::kInternal}) {
    Response response =
        ErrorResponse(Status(code, "the database is unavailable; retry later")
                          .WithInternalDetail("connection to server at \"db.internal\" "
                                              "(10.0.0.5), port 5432 failed: user=mg"));
    EXPECT_EQ(response.error->message.find("db.internal"), std::string::npos);
    EXPECT_EQ(RenderErrorBody(*response.error, "req1").find("10.0.0.5"), std::string::npos);
    EXPECT_NE(response.error->log_message.find("db.internal"), std::string::npos)
        << ErrorCodeName(code);
  }
  Status plain(ErrorCode::kUnavailable, "provider down");
  EXPECT_EQ(plain.ToString(), "unavailable: provider down");
  EXPECT_EQ(ErrorResponse(plain).error->log_message, "");
}

TEST(ErrorMappingTest, AuthAndRateLimitHeaders) {
  Response unauthenticated = ErrorResponse(Status(ErrorCode::kUnauthenticated, "no key"));
  EXPECT_EQ(unauthenticated.Header("WWW-Authenticate"), "Bearer realm=\"marketgate\"");
  Response limited = ErrorResponse(Status(ErrorCode::kRateLimited, "slow down"));
  EXPECT_EQ(limited.Header("Retry-After"), "1");
}

TEST(ErrorMappingTest, ProtocolErrorsUseTheirOwnCode) {
  Response response = ProtocolError(status::payload_too_large, "body_too_large", "too big");
  EXPECT_EQ(response.status, status::payload_too_large);
  EXPECT_EQ(response.error->code, "body_too_large");
  EXPECT_EQ(response.error->type, "invalid_request_error");
}

}  // namespace
}  // namespace mg::http
